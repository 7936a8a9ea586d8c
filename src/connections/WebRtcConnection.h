// A Connection that owns a PeerConnection: makes the offer, applies the
// answer, and closes itself on the seed's three timeouts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/StatsRates.h"
#include "connections/Connection.h"
#include "connections/ConnectionCounters.h"
#include "connections/Scheduler.h"
#include "rtc/PeerConnection.h"

namespace wx::connections {

struct WebRtcConnectionOptions {
  // The peer must be connected, ICE and DTLS both (the W3C connectionState),
  // this soon after the connection is made: a client that never answers, or
  // answers STUN but never completes DTLS, must not hold a peer forever.
  std::chrono::milliseconds timeToConnected{10'000};
  // Gathering host candidates takes ~100 ms; 3 s means something is wrong.
  std::chrono::milliseconds timeToHostCandidates{3'000};
  // A peer whose connectionState turns disconnected or failed gets this
  // long to come back.
  std::chrono::milliseconds timeToReconnected{10'000};
  // Most a=candidate lines a client's description may carry (an answer, or
  // a WHIP/WHEP offer with what it trickles later). libwebrtc applies remote
  // candidates in time that grows with the square of their number, on the
  // one thread that also moves every peer's packets (1,000 took 3-26 s; 63
  // take 30-47 ms, 32 about 11 ms, 16 about 7 ms for the whole answer),
  // while a browser's answer holds a handful (one per interface, address
  // family and protocol).
  size_t maxRemoteCandidates = 32;
  // Most media sections (m= lines) a client's offer may carry: libwebrtc
  // makes a transceiver for each, and a WHIP or WHEP offer needs two (audio
  // and video), three with a data channel.
  size_t maxOfferedMediaSections = 4;
};

// What an example's beforeOffer returns: whatever it must keep alive for the
// connection (channels, sources, timers). Its destructor is the example's
// cleanup and runs when the connection closes.
class ExampleSession {
 public:
  virtual ~ExampleSession() = default;
  // Runs once when the connection closes, after its peer connection closed
  // and before this is destroyed, on the closing thread (never libwebrtc's).
  // Fields returned in an object join the connection's JSON: the DELETE
  // answer shows them (record-audio-video-stream: where the file went).
  virtual nlohmann::json finish() { return nullptr; }
  // Each change of the peer's connectionState (ICE and DTLS) until close.
  // Runs on libwebrtc's network thread, which moves every peer's packets:
  // must not block. record-audio-video-stream stops taking media while the
  // peer is disconnected, as libwebrtc then plays out made-up audio.
  virtual void connectionStateChanged(rtc::PeerConnectionState) {}
};

// Runs on the thread that creates the connection (an HTTP handler), before
// the offer is made: add channels and transceivers here.
using BeforeOffer = std::function<std::unique_ptr<ExampleSession>(rtc::PeerConnection&)>;

// The answering side's (WHIP, WHEP): runs on the thread that creates the
// connection, once the client's offer is applied and before the answer is
// made. The offer's transceivers are in PeerConnection::transceivers(); set
// their direction and tracks here. Throw ConnectionError (BadInput) to
// refuse an offer that lacks what the example needs.
using BeforeAnswer = BeforeOffer;

class WebRtcConnection : public Connection, public std::enable_shared_from_this<WebRtcConnection> {
 public:
  // Starts the timeToConnected timer at once. `counters` (may be null)
  // gets its ICE and DTLS failures and must outlive it.
  static std::shared_ptr<WebRtcConnection> create(std::string id,
                                                  std::shared_ptr<rtc::PeerConnection> pc,
                                                  Scheduler& scheduler,
                                                  const WebRtcConnectionOptions& options,
                                                  ConnectionCounters* counters = nullptr);
  ~WebRtcConnection() override;

  // Runs beforeOffer, creates the offer and waits until every host candidate
  // is in it (bounded by timeToHostCandidates). Blocking: call it from your
  // own thread. Throws ConnectionError, Unavailable when the offer has no
  // candidate at all (no usable network interface); the connection is
  // closed on failure.
  void doOffer(const BeforeOffer& beforeOffer);

  // The answering side (WHIP and WHEP, where the client offers): applies
  // the client's offer, runs beforeAnswer, answers and waits for every host
  // candidate as doOffer does; returns the answer with them. Blocking: call
  // it from your own thread. Throws ConnectionError: BadInput for an SDP
  // that is not a valid offer, has more than maxRemoteCandidates candidates
  // or maxOfferedMediaSections media sections, or that beforeAnswer
  // refuses; Unavailable as doOffer. The connection is closed on failure.
  rtc::SessionDescription doAnswer(const rtc::SessionDescription& offer,
                                   const BeforeAnswer& beforeAnswer);

  // Adds a candidate the client sent after its offer or answer (WHIP's
  // trickle ICE, RFC 8840): `mid` names its media section, `candidate` is
  // the a=candidate line's value ("candidate:1 1 udp ..."). Throws
  // ConnectionError: BadInput for a candidate libwebrtc cannot parse or one
  // beyond maxRemoteCandidates; WrongState before the remote description
  // or once closed.
  void addRemoteCandidate(const std::string& mid, const std::string& candidate);

  // Applies the client's answer. Throws ConnectionError: BadInput for an SDP
  // that is not a valid answer or has more than maxRemoteCandidates
  // candidates, WrongState when closed or answered already.
  void applyAnswer(const rtc::SessionDescription& answer);

  rtc::PeerConnection& peerConnection() { return *pc_; }
  const rtc::PeerConnection& peerConnection() const { return *pc_; }
  // The example's closing report (ExampleSession::finish), once closed.
  nlohmann::json report() const;

  // The peer's statistics, with rates since the previous call:
  //   {"intervalSeconds": seconds since the previous call, null on the first,
  //    "summary": common::summarize's headline figures,
  //    "rates": common::StatsRates::update's, per stream, keyed by stats ID,
  //    "report": the W3C RTCStatsReport (rtc::PeerConnection::stats)}
  // Every rate is null on the first call. Blocking, at most a second (an
  // HTTP handler's thread); concurrent callers take turns. Throws
  // ConnectionError: Internal when libwebrtc does not deliver the report.
  nlohmann::json statistics();

  WebRtcConnection(std::string id, std::shared_ptr<rtc::PeerConnection> pc, Scheduler& scheduler,
                   const WebRtcConnectionOptions& options, ConnectionCounters* counters);

 private:
  void doClose(const std::string& reason) override;
  void watchPeerConnection();
  // Runs on libwebrtc's signaling thread (the PeerConnection's callback).
  void handleConnectionState(rtc::PeerConnectionState state);
  // Replaces the timer in `slot` (0 = none) by one that closes with `why`
  // and `reason`.
  // Runs `setup` and keeps its session, then `describe` (which sets the
  // local description), then waits for the candidates; returns the local
  // description. Closes with `failed` and throws ConnectionError on failure.
  rtc::SessionDescription negotiate(const BeforeOffer& setup, const std::function<void()>& before,
                                    const std::function<void()>& describe, CloseReason failed);
  // Throws BadInput for a description of another type or with too many
  // candidates.
  void checkRemote(const rtc::SessionDescription& description, const char* type) const;
  void startTimer(Scheduler::TimerId& slot, std::chrono::milliseconds delay, CloseReason why,
                  std::string reason);
  // Counts this connection's ICE or DTLS failure, once each; under mutex_.
  void countFailure(bool dtls);
  // "; ICE checking; offered [...]; answer gave [...]" for the closing log
  // line of a connection that did not connect. The closing thread, before
  // the peer connection closes.
  std::string iceDiagnostics();
  void stopTimer(Scheduler::TimerId& slot);

  std::shared_ptr<rtc::PeerConnection> pc_;
  Scheduler& scheduler_;
  const WebRtcConnectionOptions options_;
  ConnectionCounters* const counters_;  // may be null

  mutable std::mutex mutex_;
  std::condition_variable hostCandidatesReady_;  // or closed
  Scheduler::TimerId connectedTimer_ = 0;
  Scheduler::TimerId reconnectedTimer_ = 0;
  Scheduler::TimerId hostCandidatesTimer_ = 0;
  std::unique_ptr<ExampleSession> session_;
  nlohmann::json report_;  // what the session's finish() said; under mutex_
  // A remote description (the client's answer or offer) was applied, or is
  // being applied.
  bool answered_ = false;
  size_t remoteCandidates_ = 0;  // in the remote description and trickled since
  bool iceFailureCounted_ = false;
  bool dtlsFailureCounted_ = false;

  std::mutex statsMutex_;          // one statistics() at a time, so rates pair up
  common::StatsRates statsRates_;  // the previous report's counters; under statsMutex_
};

}  // namespace wx::connections
