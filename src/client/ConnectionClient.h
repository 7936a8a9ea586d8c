// The native answering side of the REST contract, like the seed's
// lib/client: POST /connections, apply the offer, let the example prepare
// (beforeAnswer), answer, POST the answer. Closing DELETEs the server's peer.
// Also the offering side of WHIP (RFC 9725) and WHEP (draft-ietf-wish-whep),
// for any server that speaks them (ConnectionClient::offer).
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
  // WHIP/WHEP: sent as "Authorization: Bearer TOKEN" when set.
  std::string bearerToken = {};
};

class ClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One negotiated connection. Closing (or destroying) it closes the local
// peer and DELETEs the server's.
class ClientConnection {
 public:
  // `resource`: the path closing DELETEs; empty: the REST contract's
  // PREFIX/connections/ID.
  ClientConnection(std::string id, std::shared_ptr<rtc::PeerConnection> pc,
                   ConnectionClientOptions options, std::string resource = {});
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
  std::string resource_;
  bool closed_ = false;
  std::unique_ptr<StatsPrinter> statsPrinter_;
};

// Runs on the thread that calls connect(), after the remote offer is set and
// before the answer is made: set handlers (onDataChannel) and tracks here.
using BeforeAnswer = std::function<void(rtc::PeerConnection&)>;

// Runs on the thread that calls offer(), before the offer is made: add
// transceivers and sources here.
using BeforeOffer = std::function<void(rtc::PeerConnection&)>;

// The first transceiver of `kind` the remote offer brought; throws
// ClientError when it brought none. For beforeAnswer.
std::shared_ptr<rtc::Transceiver> transceiverOf(rtc::PeerConnection& pc, rtc::MediaKind kind);

class ConnectionClient {
 public:
  ConnectionClient(rtc::Factory& factory, ConnectionClientOptions options);

  // Blocking. Throws ClientError when the server refuses or cannot be
  // reached, or negotiation fails (the server's peer is then DELETEd).
  std::unique_ptr<ClientConnection> connect(const BeforeAnswer& beforeAnswer = nullptr);

  // WHIP or WHEP: makes the offer (after beforeOffer), waits for our
  // candidates (at most 2 s) so it is complete, POSTs it as application/sdp
  // to options().prefix + `endpoint` ("/broadcaster/whip"), and applies the
  // 201's answer. The connection's ID is the last segment of the Location
  // header, and closing DELETEs that Location. Blocking. Throws ClientError
  // when the server refuses (its status and error in the message), answers
  // without a Location, or negotiation fails (then the session is DELETEd).
  std::unique_ptr<ClientConnection> offer(const std::string& endpoint,
                                          const BeforeOffer& beforeOffer);

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
