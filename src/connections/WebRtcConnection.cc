#include "connections/WebRtcConnection.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "connections/ConnectionError.h"
#include "connections/IceDiagnostics.h"
#include "rtc/Sdp.h"

namespace wx::connections {
namespace {

ConnectionError fromRtcError(const rtc::RtcError& error) {
  switch (error.kind()) {
    case rtc::RtcError::Kind::InvalidInput:
      return ConnectionError(ConnectionError::Kind::BadInput, error.what());
    case rtc::RtcError::Kind::InvalidState:
      return ConnectionError(ConnectionError::Kind::WrongState, error.what());
    case rtc::RtcError::Kind::Internal:
      break;
  }
  return ConnectionError(ConnectionError::Kind::Internal, error.what());
}

// Why an offer without candidates is refused: no peer could ever reach it.
constexpr const char* kNoCandidates =
    "no ICE candidates to offer, so no peer could connect: no usable network interface (none "
    "is up, not even loopback, or --ice-allow names none), or no free port in --rtc-min-port.."
    "--rtc-max-port";

std::string seconds(std::chrono::milliseconds ms) {
  return fmt::format("{:g} s", static_cast<double>(ms.count()) / 1000.0);
}

}  // namespace

std::shared_ptr<WebRtcConnection> WebRtcConnection::create(std::string id,
                                                           std::shared_ptr<rtc::PeerConnection> pc,
                                                           Scheduler& scheduler,
                                                           const WebRtcConnectionOptions& options,
                                                           ConnectionCounters* counters) {
  auto connection = std::make_shared<WebRtcConnection>(std::move(id), std::move(pc), scheduler,
                                                       options, counters);
  connection->watchPeerConnection();
  std::lock_guard lock(connection->mutex_);
  connection->startTimer(connection->connectedTimer_, options.timeToConnected,
                         CloseReason::ConnectTimeout,
                         "not connected (ICE and DTLS) within " + seconds(options.timeToConnected));
  return connection;
}

WebRtcConnection::WebRtcConnection(std::string id, std::shared_ptr<rtc::PeerConnection> pc,
                                   Scheduler& scheduler, const WebRtcConnectionOptions& options,
                                   ConnectionCounters* counters)
    : Connection(std::move(id)),
      pc_(std::move(pc)),
      scheduler_(scheduler),
      options_(options),
      counters_(counters) {}

WebRtcConnection::~WebRtcConnection() { close("released"); }

void WebRtcConnection::watchPeerConnection() {
  std::weak_ptr<WebRtcConnection> weak = weak_from_this();
  pc_->onIceConnectionStateChange([weak](rtc::IceConnectionState state) {
    if (auto self = weak.lock()) spdlog::info("[{}] ICE {}", self->id(), toString(state));
  });
  pc_->onConnectionStateChange([weak](rtc::PeerConnectionState state) {
    if (auto self = weak.lock()) self->handleConnectionState(state);
  });
  pc_->onHostCandidatesReady([weak] {
    auto self = weak.lock();
    if (!self) return;
    std::lock_guard lock(self->mutex_);
    self->hostCandidatesReady_.notify_all();
  });
  pc_->onSignalingStateChange([weak](rtc::SignalingState state) {
    if (auto self = weak.lock()) spdlog::info("[{}] signaling {}", self->id(), toString(state));
  });
}

void WebRtcConnection::handleConnectionState(rtc::PeerConnectionState state) {
  spdlog::info("[{}] connection {}", id(), toString(state));
  std::lock_guard lock(mutex_);
  if (isClosed()) return;
  if (session_) session_->connectionStateChanged(state);
  switch (state) {
    case rtc::PeerConnectionState::Connected:
      stopTimer(connectedTimer_);
      stopTimer(reconnectedTimer_);
      break;
    case rtc::PeerConnectionState::Failed:
      // Failed is ICE's failure or DTLS's: ICE's own state tells which.
      countFailure(pc_->iceConnectionState() != rtc::IceConnectionState::Failed);
      [[fallthrough]];
    case rtc::PeerConnectionState::Disconnected:
      // While the first connect timer runs, it alone decides.
      if (connectedTimer_ == 0 && reconnectedTimer_ == 0) {
        startTimer(reconnectedTimer_, options_.timeToReconnected, CloseReason::ReconnectTimeout,
                   "not reconnected within " + seconds(options_.timeToReconnected));
      }
      break;
    default:
      break;
  }
}

void WebRtcConnection::startTimer(Scheduler::TimerId& slot, std::chrono::milliseconds delay,
                                  CloseReason why, std::string reason) {
  stopTimer(slot);
  std::weak_ptr<WebRtcConnection> weak = weak_from_this();
  // Runs on the scheduler's thread.
  slot = scheduler_.schedule(delay, [weak, why, reason = std::move(reason)] {
    if (auto self = weak.lock()) self->close(why, reason);
  });
}

void WebRtcConnection::countFailure(bool dtls) {
  if (!counters_) return;
  bool& counted = dtls ? dtlsFailureCounted_ : iceFailureCounted_;
  if (counted) return;
  counted = true;
  ++(dtls ? counters_->dtlsFailures : counters_->iceFailures);
}

void WebRtcConnection::stopTimer(Scheduler::TimerId& slot) {
  if (slot != 0) scheduler_.cancel(slot);
  slot = 0;
}

void WebRtcConnection::doOffer(const BeforeOffer& beforeOffer) {
  negotiate(
      beforeOffer, nullptr, [this] { pc_->setLocalDescription(pc_->createOffer()); },
      CloseReason::OfferFailed);
}

rtc::SessionDescription WebRtcConnection::doAnswer(const rtc::SessionDescription& offer,
                                                   const BeforeAnswer& beforeAnswer) {
  return negotiate(
      beforeAnswer,
      [this, &offer] {
        checkRemote(offer, "offer");
        if (size_t sections = rtc::countMediaSections(offer.sdp);
            sections > options_.maxOfferedMediaSections) {
          throw ConnectionError(
              ConnectionError::Kind::BadInput,
              fmt::format("the offer has {} media sections; at most {} are accepted", sections,
                          options_.maxOfferedMediaSections));
        }
        {
          std::lock_guard lock(mutex_);
          answered_ = true;
          remoteCandidates_ = rtc::countCandidates(offer.sdp);
        }
        pc_->setRemoteDescription(offer);
      },
      [this] {
        rtc::SessionDescription answer = pc_->createAnswer();
        // libwebrtc rejects (port 0) each section it has no codec for.
        if (rtc::countAcceptedMediaSections(answer.sdp) == 0) {
          throw ConnectionError(ConnectionError::Kind::BadInput,
                                "the offer has no media section this server can take (no codec "
                                "in common)");
        }
        pc_->setLocalDescription(answer);
      },
      CloseReason::AnswerFailed);
}

rtc::SessionDescription WebRtcConnection::negotiate(const BeforeOffer& setup,
                                                    const std::function<void()>& before,
                                                    const std::function<void()>& describe,
                                                    CloseReason failed) {
  try {
    if (before) before();
    std::unique_ptr<ExampleSession> session = setup ? setup(*pc_) : nullptr;
    {
      std::lock_guard lock(mutex_);
      if (!isClosed()) session_ = std::move(session);
    }
    if (isClosed()) throw ConnectionError(ConnectionError::Kind::WrongState, "connection closed");

    describe();

    {
      std::unique_lock lock(mutex_);
      if (!isClosed() && !pc_->hostCandidatesReady()) {
        startTimer(hostCandidatesTimer_, options_.timeToHostCandidates, CloseReason::GatherTimeout,
                   "host candidates not gathered within " + seconds(options_.timeToHostCandidates));
      }
      hostCandidatesReady_.wait(lock, [this] { return isClosed() || pc_->hostCandidatesReady(); });
      stopTimer(hostCandidatesTimer_);
      if (isClosed()) {
        throw ConnectionError(ConnectionError::Kind::Unavailable,
                              "connection closed before its description was ready");
      }
    }
    // Outside our lock: reading the description waits for the signaling
    // thread. Gathering completed with nothing when no interface is usable
    // (not even loopback is up, or --ice-allow names none that exists).
    std::optional<rtc::SessionDescription> local = pc_->localDescription();
    if (!local || rtc::countReachableCandidates(local->sdp) == 0) {
      close(CloseReason::NoCandidates,
            "no ICE candidates to offer");  // the 503's log line says why
      throw ConnectionError(ConnectionError::Kind::Unavailable, kNoCandidates);
    }
    return *local;
  } catch (const rtc::RtcError& e) {
    close(failed, e.what());
    throw fromRtcError(e);
  } catch (const ConnectionError& e) {
    close(failed, e.what());
    throw;
  } catch (const std::exception& e) {
    close(failed, std::string("the example's set-up failed: ") + e.what());
    throw ConnectionError(ConnectionError::Kind::Internal, e.what());
  }
}

void WebRtcConnection::checkRemote(const rtc::SessionDescription& description,
                                   const char* type) const {
  if (description.type != type) {
    throw ConnectionError(
        ConnectionError::Kind::BadInput,
        fmt::format("expected a description of type '{}', got '{}'", type, description.type));
  }
  if (size_t candidates = rtc::countCandidates(description.sdp);
      candidates > options_.maxRemoteCandidates) {
    throw ConnectionError(ConnectionError::Kind::BadInput,
                          fmt::format("the {} has {} candidates; at most {} are accepted", type,
                                      candidates, options_.maxRemoteCandidates));
  }
}

void WebRtcConnection::applyAnswer(const rtc::SessionDescription& answer) {
  checkRemote(answer, "answer");
  {
    std::lock_guard lock(mutex_);
    if (isClosed())
      throw ConnectionError(ConnectionError::Kind::WrongState, "connection is closed");
    if (answered_)
      throw ConnectionError(ConnectionError::Kind::WrongState, "answer already applied");
    // Taken now, so of two answers sent at once only one reaches libwebrtc.
    answered_ = true;
    remoteCandidates_ = rtc::countCandidates(answer.sdp);
  }
  try {
    pc_->setRemoteDescription(answer);
  } catch (const rtc::RtcError& e) {
    std::lock_guard lock(mutex_);
    answered_ = false;  // a corrected answer may follow
    throw fromRtcError(e);
  }
}

void WebRtcConnection::addRemoteCandidate(const std::string& mid, const std::string& candidate) {
  {
    std::lock_guard lock(mutex_);
    if (isClosed())
      throw ConnectionError(ConnectionError::Kind::WrongState, "connection is closed");
    if (!answered_) {
      throw ConnectionError(ConnectionError::Kind::WrongState,
                            "no remote description yet to add a candidate to");
    }
    if (remoteCandidates_ >= options_.maxRemoteCandidates) {
      throw ConnectionError(
          ConnectionError::Kind::BadInput,
          fmt::format("at most {} remote candidates are accepted", options_.maxRemoteCandidates));
    }
    ++remoteCandidates_;
  }
  try {
    pc_->addIceCandidate(mid, candidate);
  } catch (const rtc::RtcError& e) {
    throw fromRtcError(e);
  }
}

nlohmann::json WebRtcConnection::report() const {
  std::lock_guard lock(mutex_);
  return report_;
}

nlohmann::json WebRtcConnection::statistics() {
  std::lock_guard lock(statsMutex_);
  nlohmann::json report;
  try {
    report = pc_->stats();
  } catch (const rtc::RtcError& e) {
    throw fromRtcError(e);
  }
  nlohmann::json rates = statsRates_.update(report);
  std::optional<double> interval = statsRates_.intervalSeconds();
  return {{"intervalSeconds", interval ? nlohmann::json(*interval) : nlohmann::json(nullptr)},
          {"summary", common::summarize(report, rates)},
          {"rates", std::move(rates)},
          {"report", std::move(report)}};
}

std::string WebRtcConnection::iceDiagnostics() {
  std::optional<rtc::SessionDescription> local = pc_->localDescription();
  std::optional<rtc::SessionDescription> remote = pc_->remoteDescription();
  std::string line =
      fmt::format("; ICE {}; offered {}", toString(pc_->iceConnectionState()),
                  joinForLog(local ? summarizeCandidates(local->sdp) : std::vector<std::string>{}));
  if (!remote) return line + "; no answer came";
  std::vector<std::string> answered = summarizeCandidates(remote->sdp);
  // Remote candidates ICE paired that the answer did not give: the
  // peer-reflexive ones, learned from checks that reached us.
  std::vector<std::string> learned;
  for (std::string& seen : pc_->remoteCandidatesSeen()) {
    if (std::find(answered.begin(), answered.end(), seen) == answered.end() &&
        std::find(learned.begin(), learned.end(), seen) == learned.end()) {
      learned.push_back(std::move(seen));
    }
  }
  return line + fmt::format("; answer gave {}; learned from the peer's checks {}",
                            joinForLog(answered), joinForLog(learned));
}

void WebRtcConnection::doClose(const std::string& reason) {
  const CloseReason why = closeReason();
  std::unique_ptr<ExampleSession> session;
  {
    std::lock_guard lock(mutex_);
    stopTimer(connectedTimer_);
    stopTimer(reconnectedTimer_);
    stopTimer(hostCandidatesTimer_);
    session = std::move(session_);
    hostCandidatesReady_.notify_all();
    if (why == CloseReason::ConnectTimeout && answered_) {
      // ICE never connected, or it did and DTLS never completed.
      const rtc::IceConnectionState ice = pc_->iceConnectionState();
      countFailure(ice == rtc::IceConnectionState::Connected ||
                   ice == rtc::IceConnectionState::Completed);
    }
  }
  // The peer did not connect, or did not come back: one line with what ICE
  // had to work with, read before the peer connection closes.
  std::string diagnostics;
  if (why == CloseReason::ConnectTimeout || why == CloseReason::ReconnectTimeout) {
    try {
      diagnostics = iceDiagnostics();
    } catch (const std::exception& e) {
      diagnostics = std::string("; no ICE diagnostics: ") + e.what();
    }
  }
  // Outside our lock: close() waits for libwebrtc's signaling thread, which
  // may be waiting for our lock in handleIceState.
  pc_->close();
  if (session) {
    nlohmann::json report = session->finish();
    std::lock_guard lock(mutex_);
    report_ = std::move(report);
  }
  session.reset();  // the example's own cleanup
  spdlog::info("[{}] closed: {}{}", id(), reason, diagnostics);
}

}  // namespace wx::connections
