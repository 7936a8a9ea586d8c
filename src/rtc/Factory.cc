#include "rtc/Factory.h"

#include <spdlog/spdlog.h>
#include <srtp2/srtp.h>

#include <algorithm>
#include <thread>

#include "api/call/call_factory_interface.h"
#include "api/rtc_event_log/rtc_event_log_factory.h"
#include "media/engine/webrtc_media_engine.h"
#include "p2p/base/port_allocator.h"
#include "pc/srtp_session.h"
#include "rtc/CoalescingSocketServer.h"
#include "rtc/FactoryImpl.h"
#include "rtc/FieldTrials.h"
#include "rtc/FilteredNetworkManager.h"
#include "rtc/LibPeerConnection.h"
#include "rtc/OpusCodecs.h"
#include "rtc/PlayoutAudioDevice.h"
#include "rtc/SctpImmediateAck.h"
#include "rtc/SharedTaskQueueFactory.h"
#include "rtc/SrtpOpenSsl.h"
#include "rtc/ThreadWithSocketServer.h"
#include "rtc/VideoCodecs.h"
#include "rtc/WebRtcLog.h"
#include "rtc_base/internal/default_socket_server.h"

namespace wx::rtc {
namespace {

std::unique_ptr<::rtc::Thread> startThread(std::unique_ptr<::rtc::Thread> thread,
                                           const char* name) {
  thread->SetName(name, nullptr);
  thread->Start();
  return thread;
}

// libwebrtc initializes libsrtp when a process's first SRTP session starts
// and shuts it down when the last one ends. Initializing runs libsrtp's cipher
// self-tests (20-120 ms here), so every connection made while no other was up
// paid for them before its data channel could open. Initialize once instead,
// which also keeps our SRTP ciphers (libsrtp's shutdown would drop them).
void initLibsrtpOnce() {
  static const bool initialized = [] {
    if (srtp_init() != srtp_err_status_ok) {
      spdlog::warn("libsrtp failed to initialize; libwebrtc will try again per session");
      return false;
    }
    ::cricket::ProhibitLibsrtpInitialization();
    // Once, before any session: see SrtpOpenSsl.h.
    useOpenSslForSrtp();
    return true;
  }();
  (void)initialized;
}

// Every peer's configuration, from the factory's options.
::webrtc::PeerConnectionInterface::RTCConfiguration peerConfiguration(
    const FactoryOptions& options) {
  ::webrtc::PeerConnectionInterface::RTCConfiguration config;
  config.sdp_semantics = ::webrtc::SdpSemantics::kUnifiedPlan;
  // One transport for everything: fewer sockets per peer.
  config.bundle_policy = ::webrtc::PeerConnectionInterface::kBundlePolicyMaxBundle;
  config.rtcp_mux_policy = ::webrtc::PeerConnectionInterface::kRtcpMuxPolicyRequire;
  // Host candidates: UDP, and passive TCP when asked (a listening socket
  // per address: for peers whose network drops UDP).
  config.tcp_candidate_policy =
      options.iceTcp ? ::webrtc::PeerConnectionInterface::kTcpCandidatePolicyEnabled
                     : ::webrtc::PeerConnectionInterface::kTcpCandidatePolicyDisabled;
  bool relay = false;
  for (const IceServer& server : options.iceServers) {
    ::webrtc::PeerConnectionInterface::IceServer native;
    native.urls = server.urls;
    native.username = server.username;
    native.password = server.credential;
    config.servers.push_back(native);
    relay = relay || !server.username.empty();  // TURN (parseIceServer requires them)
  }
  config.set_port_allocator_flags((options.iceTcp ? 0 : ::cricket::PORTALLOCATOR_DISABLE_TCP) |
                                  (relay ? 0 : ::cricket::PORTALLOCATOR_DISABLE_RELAY));
  config.set_min_port(options.minPort);
  config.set_max_port(options.maxPort);
  // Start gathering at creation rather than at setLocalDescription: a pooled
  // peer is then ready to offer at once, and a fresh one gets a head start.
  config.ice_candidate_pool_size = 1;
  return config;
}

}  // namespace

Factory::Factory(const FactoryOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->config = peerConfiguration(options);
  impl_->announced = options.announced;
  routeWebRtcLogToSpdlog();
  initLibsrtpOnce();
  impl_->network = startThread(makeThreadWithSocketServer(std::make_unique<CoalescingSocketServer>(
                                   ::rtc::CreateDefaultSocketServer(), impl_->counters)),
                               "rtc-network");
  impl_->relays = std::make_shared<VideoRelays>(impl_->network.get(), impl_->relayCounters,
                                                options.relayVideo, options.maxReencodedPeers);

  // One thread, `rtc-network`, is all three of libwebrtc's threads.
  ::webrtc::PeerConnectionFactoryDependencies deps;
  deps.network_thread = impl_->network.get();
  // libwebrtc's worker (media engine, RTP/RTCP, pacer) shares the network
  // thread. Each media packet crosses between the two, so apart each packet
  // woke both; together 20 sine-wave streams cost 10-11 % of a core instead
  // of 12-13 %, and video and data channels lose nothing (bench/README.md).
  deps.worker_thread = impl_->network.get();
  // So does the signaling thread (PeerConnection, its observer, data-channel
  // events: every callback of ours). It may not be a thread of its own with
  // this libwebrtc (M110): a peer whose DTLS handshake fails makes
  // PeerConnection check a WeakPtr to itself on the network thread
  // (pc/peer_connection.cc:703-708, via JsepTransportController), which binds
  // it there, and ~PeerConnection then invalidates it on the signaling thread:
  // a fatal DCHECK (rtc_base/weak_ptr.cc:27) in Debian's build. libwebrtc's
  // own default layout (three threads) aborts the same way; with one thread,
  // checking and invalidating happen on the same sequence (issue 14).
  deps.signaling_thread = impl_->network.get();
  // Queues on a few shared threads: libwebrtc's default gives each queue a
  // thread, two per peer connection.
  deps.task_queue_factory = std::make_unique<SharedTaskQueueFactory>(
      std::clamp(std::thread::hardware_concurrency(), 2u, 8u));
  deps.call_factory = ::webrtc::CreateCallFactory();
  deps.event_log_factory =
      std::make_unique<::webrtc::RtcEventLogFactory>(deps.task_queue_factory.get());
  deps.trials = std::make_unique<FieldTrials>();
  impl_->trials = deps.trials.get();
  // Data channels' SCTP (DcSctpTransport, on the network thread) on sockets
  // that ask for an immediate SACK after a retransmission timeout: without it
  // a timeout during fast recovery slows a channel to ~6 KB/s for minutes
  // (SctpImmediateAck.h).
  deps.sctp_factory = makeSctpTransportFactory(impl_->network.get());
  // Each peer gets its own port allocator over this manager, as libwebrtc
  // would make it, but which ignores other peers' starts (PeerPortAllocator.h).
  deps.network_manager =
      std::make_unique<FilteredNetworkManager>(impl_->network->socketserver(), options.iceAllow);
  impl_->networks = deps.network_manager.get();

  ::cricket::MediaEngineDependencies media;
  media.task_queue_factory = deps.task_queue_factory.get();
  media.adm = ::rtc::make_ref_counted<PlayoutAudioDevice>();
  media.audio_encoder_factory = makeOpusEncoderFactory(options.opusComplexity);
  media.audio_decoder_factory = makeOpusDecoderFactory();
  // The builtin encoders, which also pass relayed frames through (VideoCodecs.h).
  media.video_encoder_factory = makeVideoEncoderFactory();
  // The builtin decoders, which skip what nobody wants of a relayed stream
  // (PictureDemand.h).
  media.video_decoder_factory = makeVideoDecoderFactory(options.decodeVideo, impl_->relayCounters);
  media.trials = deps.trials.get();
  deps.media_engine = ::cricket::CreateMediaEngine(std::move(media));

  impl_->factory = ::webrtc::CreateModularPeerConnectionFactory(std::move(deps));
  if (!impl_->factory) throw RtcError(RtcError::Kind::Internal, "libwebrtc factory failed");

  ::webrtc::PeerConnectionFactoryInterface::Options factoryOptions;
  // libwebrtc's port allocator skips loopback unless told otherwise; let
  // FilteredNetworkManager decide instead (loopback when --ice-allow names it
  // or when it is all there is).
  factoryOptions.network_ignore_mask = 0;
  impl_->factory->SetOptions(factoryOptions);

  if (options.warmPool) {
    pool_ =
        std::make_unique<PeerConnectionPool>(options.pool, [this] { return makePeerConnection(); });
  }
}

Factory::~Factory() {
  pool_.reset();  // its peers need libwebrtc's threads to close
  impl_->factory = nullptr;
  impl_->network->Stop();
}

NetworkTotals Factory::networkTotals() const { return impl_->counters->totals(); }

RelayTotals Factory::relayTotals() const { return impl_->relayCounters->totals(); }

std::shared_ptr<PeerConnection> Factory::createPeerConnection() {
  return pool_ ? pool_->take() : makePeerConnection();
}

std::shared_ptr<PeerConnection> Factory::makePeerConnection() {
  return LibPeerConnection::create(*impl_, impl_->config);
}

}  // namespace wx::rtc
