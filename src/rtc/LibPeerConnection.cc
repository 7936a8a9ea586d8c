#include "rtc/LibPeerConnection.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <future>

#include "api/jsep.h"
#include "api/stats/rtc_stats_collector_callback.h"
#include "api/stats/rtcstats_objects.h"
#include "p2p/base/connection.h"
#include "p2p/base/port.h"
#include "rtc/CoalescingSocketServer.h"
#include "rtc/LibDataChannel.h"
#include "rtc/LibTransceiver.h"
#include "rtc/PeerPortAllocator.h"
#include "rtc/SenderBitrate.h"

namespace wx::rtc {
namespace {

using Native = ::webrtc::PeerConnectionInterface;

// How long a blocking call waits for libwebrtc before calling it a failure.
// Generous: these are local operations that normally finish in milliseconds.
constexpr std::chrono::seconds kSignalingTimeout{10};

RtcError toRtcError(const ::webrtc::RTCError& error, const char* what) {
  std::string message = std::string(what) + ": " + error.message();
  switch (error.type()) {
    case ::webrtc::RTCErrorType::INVALID_PARAMETER:
    case ::webrtc::RTCErrorType::INVALID_RANGE:
    case ::webrtc::RTCErrorType::SYNTAX_ERROR:
    case ::webrtc::RTCErrorType::UNSUPPORTED_PARAMETER:
    case ::webrtc::RTCErrorType::UNSUPPORTED_OPERATION:
      return RtcError(RtcError::Kind::InvalidInput, message);
    case ::webrtc::RTCErrorType::INVALID_STATE:
    case ::webrtc::RTCErrorType::INVALID_MODIFICATION:
      return RtcError(RtcError::Kind::InvalidState, message);
    default:
      return RtcError(RtcError::Kind::Internal, message);
  }
}

template <typename T>
T waitFor(std::future<T>& future, const char* what) {
  if (future.wait_for(kSignalingTimeout) != std::future_status::ready) {
    throw RtcError(RtcError::Kind::Internal, std::string(what) + ": libwebrtc did not answer");
  }
  return future.get();
}

SessionDescription toDescription(const ::webrtc::SessionDescriptionInterface& native) {
  SessionDescription description{::webrtc::SdpTypeToString(native.GetType()), {}};
  native.ToString(&description.sdp);
  return description;
}

std::unique_ptr<::webrtc::SessionDescriptionInterface> parse(const SessionDescription& d) {
  auto type = ::webrtc::SdpTypeFromString(d.type);
  if (!type) throw RtcError(RtcError::Kind::InvalidInput, "unknown SDP type '" + d.type + "'");
  ::webrtc::SdpParseError error;
  auto native = ::webrtc::CreateSessionDescription(*type, d.sdp, &error);
  if (!native) {
    throw RtcError(RtcError::Kind::InvalidInput,
                   "invalid SDP: " + error.description + " in line '" + error.line + "'");
  }
  return native;
}

// Resolves a promise from libwebrtc's CreateOffer/CreateAnswer callbacks
// (signaling thread).
class CreateObserver : public ::webrtc::CreateSessionDescriptionObserver {
 public:
  std::promise<SessionDescription> result;
  void OnSuccess(::webrtc::SessionDescriptionInterface* desc) override {
    std::unique_ptr<::webrtc::SessionDescriptionInterface> owned(desc);
    result.set_value(toDescription(*owned));
  }
  void OnFailure(::webrtc::RTCError error) override {
    result.set_exception(std::make_exception_ptr(toRtcError(error, "create description")));
  }
};

// Resolves a promise from Set{Local,Remote}Description (signaling thread).
class SetObserver : public ::webrtc::SetLocalDescriptionObserverInterface,
                    public ::webrtc::SetRemoteDescriptionObserverInterface {
 public:
  std::promise<void> result;
  void OnSetLocalDescriptionComplete(::webrtc::RTCError error) override { settle(error); }
  void OnSetRemoteDescriptionComplete(::webrtc::RTCError error) override { settle(error); }

 private:
  void settle(const ::webrtc::RTCError& error) {
    if (error.ok()) {
      result.set_value();
    } else {
      result.set_exception(std::make_exception_ptr(toRtcError(error, "set description")));
    }
  }
};

// Resolves a promise with GetStats' report (signaling thread).
class StatsCallback : public ::webrtc::RTCStatsCollectorCallback {
 public:
  std::promise<::rtc::scoped_refptr<const ::webrtc::RTCStatsReport>> result;
  void OnStatsDelivered(const ::rtc::scoped_refptr<const ::webrtc::RTCStatsReport>& r) override {
    result.set_value(r);
  }
};

// How long a stats call waits for the report: one peer's report takes well
// under a millisecond; this is only for a network thread that is very busy.
constexpr std::chrono::seconds kStatsTimeout{1};

// libwebrtc's candidate types ("local", "stun", "prflx", "relay") by their
// W3C names (RTCIceCandidateType).
std::string w3cCandidateType(const std::string& type) {
  if (type == ::cricket::LOCAL_PORT_TYPE) return "host";
  if (type == ::cricket::STUN_PORT_TYPE) return "srflx";
  return type;  // "prflx" and "relay" are the same in both
}

// libwebrtc hands the event's candidates over sanitized: a peer-reflexive
// remote one has the host name "redacted-ip.invalid" for its address (the
// port stays), which we report as no address. An mDNS candidate keeps its
// ".local" name.
IceCandidateInfo toInfo(const ::cricket::Candidate& candidate) {
  const ::rtc::SocketAddress& address = candidate.address();
  std::string text = address.ipaddr().ToString();
  if (address.IsUnresolvedIP()) {
    text = address.hostname().ends_with(".invalid") ? "" : address.hostname();
  }
  return {w3cCandidateType(candidate.type()), candidate.protocol(), std::move(text),
          address.port()};
}

// Our enums list the W3C states in libwebrtc's order, so a cast maps them.
static_assert(static_cast<int>(IceConnectionState::Closed) == Native::kIceConnectionClosed);
static_assert(static_cast<int>(IceGatheringState::Complete) == Native::kIceGatheringComplete);
static_assert(static_cast<int>(SignalingState::Closed) == Native::kClosed);
static_assert(static_cast<int>(PeerConnectionState::Closed) ==
              static_cast<int>(Native::PeerConnectionState::kClosed));

// Audio goes without transport-wide congestion control (see OpusCodecs.h):
// without the sequence-number extension no feedback is asked for or sent.
// Video keeps it, for its bandwidth estimate.
void offerNoTransportSequenceNumbers(::webrtc::RtpTransceiverInterface& transceiver) {
  auto extensions = transceiver.HeaderExtensionsToOffer();
  for (auto& extension : extensions) {
    if (extension.uri == ::webrtc::RtpExtension::kTransportSequenceNumberUri) {
      extension.direction = ::webrtc::RtpTransceiverDirection::kStopped;
    }
  }
  auto error = transceiver.SetOfferedRtpHeaderExtensions(extensions);
  if (!error.ok()) throw toRtcError(error, "offer header extensions");
}

// With STUN or TURN servers a gathering lasts as long as they take to
// answer, or to time out (~10 s for a STUN server that never answers), so a
// peer offers what it has by then, as the pages and the native client do.
constexpr ::webrtc::TimeDelta kIceServerWait = ::webrtc::TimeDelta::Seconds(2);

}  // namespace

std::shared_ptr<LibPeerConnection> LibPeerConnection::create(
    Factory::Impl& factory, const Native::RTCConfiguration& config) {
  auto pc = std::make_shared<LibPeerConnection>(factory.signaling(), factory.factory,
                                                factory.hostCandidateCount, factory.relays);
  pc->announced_ = factory.announced;
  ::webrtc::PeerConnectionDependencies deps(pc.get());
  deps.allocator = makePeerPortAllocator(*factory.networks, *factory.network->socketserver(),
                                         factory.trials, config);
  auto native = factory.factory->CreatePeerConnectionOrError(config, std::move(deps));
  if (!native.ok()) throw toRtcError(native.error(), "create peer connection");
  pc->pc_ = native.MoveValue();
  pc->relayLinks_->setStartBitrate = [weak = std::weak_ptr<LibPeerConnection>(pc)](int bps) {
    auto self = weak.lock();
    if (!self || !self->pc_) return false;
    ::webrtc::BitrateSettings settings;
    settings.start_bitrate_bps = bps;
    return self->pc_->SetBitrate(settings).ok();  // a rejected value leaves libwebrtc's own
  };
  if (!config.servers.empty()) {
    // Runs on the signaling thread, as LibDataChannel's posted tasks do.
    factory.signaling()->PostDelayedTask(
        [weak = std::weak_ptr<LibPeerConnection>(pc)] {
          if (auto self = weak.lock()) self->iceServerWaitOver();
        },
        kIceServerWait);
  }
  return pc;
}

LibPeerConnection::LibPeerConnection(
    ::rtc::Thread* signaling,
    ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory,
    std::shared_ptr<HostCandidateCount> hostCandidateCount, std::shared_ptr<VideoRelays> relays)
    : signalingThread_(signaling),
      factory_(std::move(factory)),
      hostCandidateCount_(std::move(hostCandidateCount)),
      relays_(std::move(relays)) {}

LibPeerConnection::~LibPeerConnection() {
  close();
  // Releasing the proxy destroys libwebrtc's peer connection on the
  // signaling thread before this observer goes away.
  pc_ = nullptr;
}

std::function<uint64_t()> LibPeerConnection::maxMessageSizeQuery() {
  return [weak = weak_from_this()]() -> uint64_t {
    auto self = weak.lock();
    if (!self || !self->pc_) return 0;
    auto sctp = self->pc_->GetSctpTransport();
    if (!sctp) return 0;  // no data m-section: no channel can open
    // libwebrtc's Start(): min(ours, the peer's), or ours when the peer's is
    // 0 (no limit); the peer's is 64 KiB when its SDP has no attribute.
    // Not known (it should be, once a channel is open): assume RFC 8841's
    // default, the smallest limit a peer may have.
    constexpr uint64_t kRfc8841Default = 64 * 1024;
    auto size = sctp->Information().MaxMessageSize();
    return size && *size > 0 ? static_cast<uint64_t>(*size) : kRfc8841Default;
  };
}

void LibPeerConnection::requireNotOnSignalingThread(const char* call) const {
  if (signalingThread_->IsCurrent()) {
    throw RtcError(RtcError::Kind::Internal,
                   std::string(call) + " blocks: do not call it from a libwebrtc callback");
  }
}

std::shared_ptr<DataChannel> LibPeerConnection::createDataChannel(const std::string& label) {
  ::webrtc::DataChannelInit init;
  auto channel = pc_->CreateDataChannelOrError(label, &init);
  if (!channel.ok()) throw toRtcError(channel.error(), "create data channel");
  return LibDataChannel::create(channel.MoveValue(), signalingThread_, maxMessageSizeQuery(),
                                sctpAbortLogged_);
}

std::shared_ptr<Transceiver> LibPeerConnection::addTransceiver(MediaKind kind,
                                                               Direction direction) {
  ::webrtc::RtpTransceiverInit init;
  init.direction = toNative(direction);
  // One stream for all of a peer's tracks, so a browser's ontrack gets them
  // in event.streams[0] and keeps audio and video in sync.
  init.stream_ids = {"webrtc-examples"};
  if (kind == MediaKind::Video) {
    // Before the offer, so the send stream libwebrtc makes when the answer
    // arrives has them from the start.
    ::webrtc::RtpEncodingParameters encoding;
    encoding.min_bitrate_bps = kVideoMinBitrateBps;
    encoding.max_bitrate_bps = kVideoMaxBitrateBps;
    init.send_encodings = {encoding};
  }
  auto result = pc_->AddTransceiver(
      kind == MediaKind::Audio ? ::cricket::MEDIA_TYPE_AUDIO : ::cricket::MEDIA_TYPE_VIDEO, init);
  if (!result.ok()) throw toRtcError(result.error(), "add transceiver");
  if (kind == MediaKind::Audio) offerNoTransportSequenceNumbers(*result.value());
  return std::make_shared<LibTransceiver>(result.MoveValue(), factory_, relays_, relayLinks_);
}

std::vector<std::shared_ptr<Transceiver>> LibPeerConnection::transceivers() {
  std::vector<std::shared_ptr<Transceiver>> all;
  for (auto& transceiver : pc_->GetTransceivers()) {
    all.push_back(std::make_shared<LibTransceiver>(transceiver, factory_, relays_, relayLinks_));
  }
  return all;
}

SessionDescription LibPeerConnection::createOffer() {
  requireNotOnSignalingThread("createOffer");
  auto observer = ::rtc::make_ref_counted<CreateObserver>();
  auto future = observer->result.get_future();
  pc_->CreateOffer(observer.get(), Native::RTCOfferAnswerOptions());
  return waitFor(future, "createOffer");
}

SessionDescription LibPeerConnection::createAnswer() {
  requireNotOnSignalingThread("createAnswer");
  auto observer = ::rtc::make_ref_counted<CreateObserver>();
  auto future = observer->result.get_future();
  pc_->CreateAnswer(observer.get(), Native::RTCOfferAnswerOptions());
  return waitFor(future, "createAnswer");
}

void LibPeerConnection::setLocalDescription(const SessionDescription& description) {
  requireNotOnSignalingThread("setLocalDescription");
  auto observer = ::rtc::make_ref_counted<SetObserver>();
  auto future = observer->result.get_future();
  pc_->SetLocalDescription(parse(description), observer);
  waitFor(future, "setLocalDescription");
  // The video sections of a remote offer made transceivers without our
  // bitrate range (addTransceiver gives ours one), and they take one only
  // once negotiated: now (WebRtcLog.cc demotes libwebrtc's complaint).
  for (auto& transceiver : pc_->GetTransceivers()) {
    if (transceiver->media_type() != ::cricket::MEDIA_TYPE_VIDEO) continue;
    auto sender = transceiver->sender();
    ::webrtc::RtpParameters parameters = sender->GetParameters();
    if (parameters.encodings.size() != 1 || parameters.encodings[0].max_bitrate_bps) continue;
    parameters.encodings[0].min_bitrate_bps = kVideoMinBitrateBps;
    parameters.encodings[0].max_bitrate_bps = kVideoMaxBitrateBps;
    if (auto result = sender->SetParameters(parameters); !result.ok()) {
      spdlog::warn("no bitrate range for an offered video section: {}", result.message());
    }
  }
}

void LibPeerConnection::setRemoteDescription(const SessionDescription& description) {
  requireNotOnSignalingThread("setRemoteDescription");
  auto observer = ::rtc::make_ref_counted<SetObserver>();
  auto future = observer->result.get_future();
  pc_->SetRemoteDescription(parse(description), observer);
  waitFor(future, "setRemoteDescription");
}

void LibPeerConnection::addIceCandidate(const std::string& mid, const std::string& candidate) {
  requireNotOnSignalingThread("addIceCandidate");
  ::webrtc::SdpParseError error;
  // The index is only used when the mid is empty; ours never is.
  std::unique_ptr<::webrtc::IceCandidateInterface> parsed(
      ::webrtc::CreateIceCandidate(mid, 0, candidate, &error));
  if (!parsed) {
    throw RtcError(RtcError::Kind::InvalidInput,
                   "invalid candidate: " + error.description + " in '" + error.line + "'");
  }
  // Shared: the callback may come after waitFor gave up.
  auto result = std::make_shared<std::promise<void>>();
  auto future = result->get_future();
  // The callback runs on the signaling thread.
  pc_->AddIceCandidate(std::move(parsed), [result](::webrtc::RTCError e) {
    if (e.ok()) {
      result->set_value();
    } else {
      result->set_exception(std::make_exception_ptr(toRtcError(e, "add candidate")));
    }
  });
  waitFor(future, "addIceCandidate");
}

std::optional<SessionDescription> LibPeerConnection::describe(bool local) const {
  // The description object belongs to the signaling thread: read it there.
  std::optional<SessionDescription> result;
  signalingThread_->BlockingCall([&] {
    const ::webrtc::SessionDescriptionInterface* d =
        local ? pc_->local_description() : pc_->remote_description();
    if (d) result = toDescription(*d);
  });
  // Ours as the peer must see it: with the public address of a 1:1 NAT.
  if (local && result && !announced_.empty()) {
    result->sdp = announceAddresses(result->sdp, announced_);
  }
  return result;
}

std::optional<SessionDescription> LibPeerConnection::localDescription() const {
  return describe(true);
}

std::optional<SessionDescription> LibPeerConnection::remoteDescription() const {
  return describe(false);
}

::rtc::scoped_refptr<const ::webrtc::RTCStatsReport> LibPeerConnection::statsReport(
    const char* call) {
  requireNotOnSignalingThread(call);
  if (closed_ || !pc_) return nullptr;
  auto callback = ::rtc::make_ref_counted<StatsCallback>();
  auto future = callback->result.get_future();
  pc_->GetStats(callback.get());
  if (future.wait_for(kStatsTimeout) != std::future_status::ready) return nullptr;
  return future.get();
}

std::vector<std::string> LibPeerConnection::remoteCandidatesSeen() {
  auto report = statsReport("remoteCandidatesSeen");
  if (!report) return {};
  std::vector<std::string> seen;
  for (const auto* candidate : report->GetStatsOfType<::webrtc::RTCRemoteIceCandidateStats>()) {
    if (!candidate->port.is_defined()) continue;
    // libwebrtc withholds a peer-reflexive candidate's address (as W3C
    // webrtc-stats says): "?" then, the port still tells that checks came.
    const std::string address =
        candidate->address.is_defined() && !candidate->address->empty() ? *candidate->address : "?";
    std::string summary =
        (candidate->protocol.is_defined() ? *candidate->protocol : "?") + " " + address + ":" +
        std::to_string(*candidate->port) + " " +
        (candidate->candidate_type.is_defined() ? *candidate->candidate_type : "?");
    seen.push_back(std::move(summary));
  }
  return seen;
}

nlohmann::json LibPeerConnection::stats() {
  auto report = statsReport("stats");
  if (!report) {
    if (closed_ || !pc_) return nlohmann::json::object();
    throw RtcError(RtcError::Kind::Internal, "stats: libwebrtc did not deliver them within 1 s");
  }
  // libwebrtc's ToJson already uses the W3C names; re-keyed by ID, as the
  // W3C report is a map.
  nlohmann::json byId = nlohmann::json::object();
  for (const ::webrtc::RTCStats& stats : *report) {
    nlohmann::json json = nlohmann::json::parse(stats.ToJson());
    // ToJson writes microseconds; W3C's DOMHighResTimeStamp is milliseconds
    // (since the Unix epoch here, as in browsers).
    json["timestamp"] = static_cast<double>(stats.timestamp_us()) / 1000.0;
    byId[stats.id()] = std::move(json);
  }
  return byId;
}

std::optional<CandidatePair> LibPeerConnection::selectedCandidatePair() const {
  std::lock_guard lock(mutex_);
  return selectedPair_;
}

void LibPeerConnection::close() {
  // call_once: a concurrent second caller returns only after the close.
  std::call_once(closeOnce_, [this] {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      handlers_ = {};
    }
    relayLinks_->clear();
    if (pc_) {
      handleArrivedDatagrams(*signalingThread_);
      pc_->Close();
      // Its ABORT leaves now, not when the network thread next waits: a
      // client that closes and then DELETEs its connection has the server
      // see the ABORT first, as before sends were held (system-log).
      sendHeldDatagrams(*signalingThread_);
    }
    // libwebrtc's Close() moves these to closed without telling the
    // observer (only the signaling state is reported); read after a close,
    // they say closed, as in a browser.
    ice_ = IceConnectionState::Closed;
    connection_ = PeerConnectionState::Closed;
  });
}

void LibPeerConnection::onIceConnectionStateChange(
    std::function<void(IceConnectionState)> handler) {
  std::lock_guard lock(mutex_);
  if (!closed_) handlers_.ice = std::move(handler);
}

void LibPeerConnection::onIceGatheringStateChange(std::function<void(IceGatheringState)> handler) {
  std::lock_guard lock(mutex_);
  if (!closed_) handlers_.gathering = std::move(handler);
}

void LibPeerConnection::onSignalingStateChange(std::function<void(SignalingState)> handler) {
  std::lock_guard lock(mutex_);
  if (!closed_) handlers_.signaling = std::move(handler);
}

void LibPeerConnection::onConnectionStateChange(std::function<void(PeerConnectionState)> handler) {
  std::lock_guard lock(mutex_);
  if (!closed_) handlers_.connection = std::move(handler);
}

void LibPeerConnection::onHostCandidatesReady(std::function<void()> handler) {
  std::lock_guard lock(mutex_);
  if (!closed_) handlers_.hostCandidatesReady = std::move(handler);
}

void LibPeerConnection::onDataChannel(std::function<void(std::shared_ptr<DataChannel>)> handler) {
  std::lock_guard lock(mutex_);
  if (!closed_) handlers_.dataChannel = std::move(handler);
}

void LibPeerConnection::OnSignalingChange(Native::SignalingState state) {
  signaling_ = static_cast<SignalingState>(state);
  if (auto h = handler(&Handlers::signaling)) h(signaling_);
}

void LibPeerConnection::OnDataChannel(::rtc::scoped_refptr<::webrtc::DataChannelInterface> ch) {
  // Wrap at once: the wrapper's observer must be in place before the first
  // message arrives (also on this thread, right after this returns).
  auto channel = LibDataChannel::create(std::move(ch), signalingThread_, maxMessageSizeQuery(),
                                        sctpAbortLogged_);
  if (auto h = handler(&Handlers::dataChannel)) h(std::move(channel));
}

void LibPeerConnection::OnStandardizedIceConnectionChange(Native::IceConnectionState state) {
  ice_ = static_cast<IceConnectionState>(state);
  if (auto h = handler(&Handlers::ice)) h(ice_);
}

void LibPeerConnection::OnConnectionChange(Native::PeerConnectionState state) {
  connection_ = static_cast<PeerConnectionState>(state);
  if (auto h = handler(&Handlers::connection)) h(connection_);
}

void LibPeerConnection::OnIceGatheringChange(Native::IceGatheringState state) {
  gathering_ = static_cast<IceGatheringState>(state);
  if (state == Native::kIceGatheringComplete && !closed_) {
    hostCandidateCount_->learn(candidates_);
    markHostCandidatesReady();
  }
  if (auto h = handler(&Handlers::gathering)) h(gathering_);
}

void LibPeerConnection::OnIceCandidate(const ::webrtc::IceCandidateInterface*) {
  // libwebrtc has added the candidate to the local description by now.
  ++candidates_;
  if (iceServerWaitOver_ || hostCandidateCount_->isComplete(candidates_)) {
    markHostCandidatesReady();
  }
}

void LibPeerConnection::OnIceSelectedCandidatePairChanged(
    const ::cricket::CandidatePairChangeEvent& event) {
  // Signaling thread: copied here, so readers never ask libwebrtc.
  CandidatePair pair{toInfo(event.selected_candidate_pair.local_candidate()),
                     toInfo(event.selected_candidate_pair.remote_candidate())};
  std::lock_guard lock(mutex_);
  selectedPair_ = std::move(pair);
}

void LibPeerConnection::iceServerWaitOver() {
  iceServerWaitOver_ = true;
  if (candidates_ > 0) markHostCandidatesReady();
}

void LibPeerConnection::markHostCandidatesReady() {
  if (hostCandidatesReady_.exchange(true)) return;
  if (auto h = handler(&Handlers::hostCandidatesReady)) h();
}

}  // namespace wx::rtc
