// The native answering side of the REST contract, like the seed's
// lib/client: POST /connections, apply the offer, let the example prepare
// (beforeAnswer), answer, POST the answer. Closing DELETEs the server's peer.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "rtc/Factory.h"

namespace wx::client {

class StatsPrinter;

struct ConnectionClientOptions {
  std::string url = "http://127.0.0.1:3000";  // scheme, host and port
  std::string prefix;                         // the example's, e.g. "/ping-pong"
  bool stereo = false;                        // ask the server for stereo Opus
  std::chrono::milliseconds timeout{10'000};  // per HTTP request
  // https URLs: the server's certificate is checked against the system's
  // CAs, or against this PEM file when set; `insecure` checks nothing.
  std::string caCertificateFile = {};
  bool insecure = false;
  // Post the answer once our candidates are gathered (at most 2 s), so it
  // carries them: for STUN/TURN, where the server cannot learn a relayed or
  // reflexive address from our checks alone. Off: at once, as the seed's
  // client does.
  bool waitForCandidates = false;
  // --stats: once connected, print a line a second with both peers'
  // figures to stdout (StatsPrinter.h), until the connection closes.
  bool printStats = false;
};

class ClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One negotiated connection. Closing (or destroying) it closes the local
// peer and DELETEs the server's.
class ClientConnection {
 public:
  ClientConnection(std::string id, std::shared_ptr<rtc::PeerConnection> pc,
                   ConnectionClientOptions options);
  ~ClientConnection();
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  const std::string& id() const { return id_; }
  rtc::PeerConnection& peerConnection() { return *pc_; }
  // Idempotent. Returns the server's DELETE answer (the closed connection,
  // with any fields the example adds), or null when the DELETE failed (logged,
  // not thrown) or the connection was closed before.
  nlohmann::json close();

  // Starts --stats' printing (ConnectionClient::connect does, when asked).
  void printStats();

 private:
  std::string id_;
  std::shared_ptr<rtc::PeerConnection> pc_;
  ConnectionClientOptions options_;
  bool closed_ = false;
  std::unique_ptr<StatsPrinter> statsPrinter_;
};

// Runs on the thread that calls connect(), after the remote offer is set and
// before the answer is made: set handlers (onDataChannel) and tracks here.
using BeforeAnswer = std::function<void(rtc::PeerConnection&)>;

// The first transceiver of `kind` the remote offer brought; throws
// ClientError when it brought none. For beforeAnswer.
std::shared_ptr<rtc::Transceiver> transceiverOf(rtc::PeerConnection& pc, rtc::MediaKind kind);

class ConnectionClient {
 public:
  ConnectionClient(rtc::Factory& factory, ConnectionClientOptions options);

  // Blocking. Throws ClientError when the server refuses or cannot be
  // reached, or negotiation fails (the server's peer is then DELETEd).
  std::unique_ptr<ClientConnection> connect(const BeforeAnswer& beforeAnswer = nullptr);

  const ConnectionClientOptions& options() const { return options_; }
  // The same client, answering with stereo Opus (sine-wave-stereo).
  ConnectionClient withStereo() const {
    ConnectionClient copy = *this;
    copy.options_.stereo = true;
    return copy;
  }

 private:
  rtc::Factory& factory_;
  ConnectionClientOptions options_;
};

}  // namespace wx::client
