#include "rtc/IceServer.h"

#include <cctype>
#include <stdexcept>

namespace wx::rtc {

IceServer parseIceServer(const std::string& text) {
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument("ICE server '" + text + "': " + why);
  };
  size_t colon = text.find(':');
  if (colon == std::string::npos) fail("want stun:, turn: or turns:");
  const std::string scheme = text.substr(0, colon);
  if (scheme != "stun" && scheme != "turn" && scheme != "turns") {
    fail("want stun:, turn: or turns:");
  }
  std::string rest = text.substr(colon + 1);
  IceServer server;
  if (size_t at = rest.rfind('@'); at != std::string::npos) {
    if (scheme == "stun") fail("a STUN server takes no credentials");
    std::string userinfo = rest.substr(0, at);
    size_t split = userinfo.find(':');
    if (split == std::string::npos || split == 0) fail("credentials must be USER:CREDENTIAL@");
    server.username = userinfo.substr(0, split);
    server.credential = userinfo.substr(split + 1);
    rest = rest.substr(at + 1);
  } else if (scheme != "stun") {
    fail("a TURN server needs USER:CREDENTIAL@ before its host");
  }
  const std::string hostPort = rest.substr(0, rest.find('?'));
  if (hostPort.empty() || hostPort.front() == ':') fail("no host");
  for (char c : hostPort) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']')) {
      fail("the host may hold only letters, digits, '.', '-', ':' and brackets");
    }
  }
  if (size_t query = rest.find('?'); query != std::string::npos) {
    const std::string parameters = rest.substr(query + 1);
    if (scheme == "stun" || (parameters != "transport=udp" && parameters != "transport=tcp")) {
      fail("the only parameter is ?transport=udp or ?transport=tcp, for TURN");
    }
  }
  server.urls.push_back(scheme + ":" + rest);
  return server;
}

}  // namespace wx::rtc
