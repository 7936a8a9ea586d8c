// A STUN or TURN server for ICE, as the W3C RTCIceServer dictionary has it.
#pragma once

#include <string>
#include <vector>

namespace wx::rtc {

struct IceServer {
  std::vector<std::string> urls;  // "stun:host:port", "turn:host:port?transport=tcp"
  std::string username;           // TURN only
  std::string credential;         // TURN only
};

// Reads this project's command-line form: an RFC 7064/7065 URI ("stun:",
// "turn:", "turns:"; host, optional :port, optional ?transport=udp|tcp for
// TURN), with TURN credentials as "USER:CREDENTIAL@" before the host, e.g.
// "turn:alice:secret@turn.example.org:3478?transport=tcp". Throws
// std::invalid_argument with a one-line reason.
IceServer parseIceServer(const std::string& text);

}  // namespace wx::rtc
