// Internal (includes libwebrtc): PeerConnection on top of libwebrtc's.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "api/peer_connection_interface.h"
#include "api/stats/rtc_stats_report.h"
#include "rtc/FactoryImpl.h"
#include "rtc/HostCandidateCount.h"
#include "rtc/PeerConnection.h"
#include "rtc/Sdp.h"
#include "rtc/VideoRelay.h"

namespace wx::rtc {

class LibPeerConnection : public PeerConnection,
                          public ::webrtc::PeerConnectionObserver,
                          public std::enable_shared_from_this<LibPeerConnection> {
 public:
  static std::shared_ptr<LibPeerConnection> create(
      Factory::Impl& factory, const ::webrtc::PeerConnectionInterface::RTCConfiguration& config);
  LibPeerConnection(::rtc::Thread* signaling,
                    ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory,
                    std::shared_ptr<HostCandidateCount> hostCandidateCount,
                    std::shared_ptr<VideoRelays> relays);
  ~LibPeerConnection() override;

  std::shared_ptr<DataChannel> createDataChannel(const std::string& label) override;
  std::shared_ptr<Transceiver> addTransceiver(MediaKind kind, Direction direction) override;
  std::vector<std::shared_ptr<Transceiver>> transceivers() override;
  SessionDescription createOffer() override;
  SessionDescription createAnswer() override;
  void setLocalDescription(const SessionDescription& description) override;
  void setRemoteDescription(const SessionDescription& description) override;
  void addIceCandidate(const std::string& mid, const std::string& candidate) override;
  std::optional<SessionDescription> localDescription() const override;
  std::optional<SessionDescription> remoteDescription() const override;
  IceConnectionState iceConnectionState() const override { return ice_; }
  IceGatheringState iceGatheringState() const override { return gathering_; }
  SignalingState signalingState() const override { return signaling_; }
  PeerConnectionState connectionState() const override { return connection_; }
  bool hostCandidatesReady() const override { return hostCandidatesReady_; }
  std::vector<std::string> remoteCandidatesSeen() override;
  nlohmann::json stats() override;
  std::optional<CandidatePair> selectedCandidatePair() const override;
  void close() override;

  void onIceConnectionStateChange(std::function<void(IceConnectionState)> handler) override;
  void onIceGatheringStateChange(std::function<void(IceGatheringState)> handler) override;
  void onSignalingStateChange(std::function<void(SignalingState)> handler) override;
  void onConnectionStateChange(std::function<void(PeerConnectionState)> handler) override;
  void onHostCandidatesReady(std::function<void()> handler) override;
  void onDataChannel(std::function<void(std::shared_ptr<DataChannel>)> handler) override;

  // libwebrtc's observer; all of these run on the signaling thread.
  void OnSignalingChange(::webrtc::PeerConnectionInterface::SignalingState state) override;
  void OnDataChannel(::rtc::scoped_refptr<::webrtc::DataChannelInterface> channel) override;
  void OnStandardizedIceConnectionChange(
      ::webrtc::PeerConnectionInterface::IceConnectionState state) override;
  void OnConnectionChange(::webrtc::PeerConnectionInterface::PeerConnectionState state) override;
  void OnIceGatheringChange(::webrtc::PeerConnectionInterface::IceGatheringState state) override;
  void OnIceCandidate(const ::webrtc::IceCandidateInterface* candidate) override;
  void OnIceSelectedCandidatePairChanged(const ::cricket::CandidatePairChangeEvent& event) override;

  ::webrtc::PeerConnectionInterface* native() { return pc_.get(); }

 private:
  struct Handlers {
    std::function<void(IceConnectionState)> ice;
    std::function<void(IceGatheringState)> gathering;
    std::function<void(SignalingState)> signaling;
    std::function<void(PeerConnectionState)> connection;
    std::function<void(std::shared_ptr<DataChannel>)> dataChannel;
    std::function<void()> hostCandidatesReady;
  };
  // Copies a handler under the lock so it runs without it.
  template <typename F>
  F handler(F Handlers::*slot) const {
    std::lock_guard lock(mutex_);
    return handlers_.*slot;
  }
  void requireNotOnSignalingThread(const char* call) const;
  // GetStats' report, waited for at most kStatsTimeout: null when libwebrtc
  // did not deliver it by then, or when closed. Blocking; throws RtcError
  // on the signaling thread (`call` names the caller).
  ::rtc::scoped_refptr<const ::webrtc::RTCStatsReport> statsReport(const char* call);
  // For LibDataChannel: the negotiated max-message-size, 0 if unknown. Any
  // thread (a proxied call off the signaling thread).
  std::function<uint64_t()> maxMessageSizeQuery();
  std::optional<SessionDescription> describe(bool local) const;
  void markHostCandidatesReady();  // signaling thread
  // Signaling thread: kIceServerWait after a peer with STUN or TURN servers
  // was made, its candidates so far are enough.
  void iceServerWaitOver();

  ::rtc::Thread* signalingThread_;
  ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory_;  // makes local tracks
  ::rtc::scoped_refptr<::webrtc::PeerConnectionInterface> pc_;
  const std::shared_ptr<HostCandidateCount> hostCandidateCount_;  // shared by the factory's peers
  const std::shared_ptr<VideoRelays> relays_;                     // the factory's
  // What this peer's transceivers relay; emptied by close().
  const std::shared_ptr<RelayLinks> relayLinks_ = std::make_shared<RelayLinks>();
  // Set by the first of its data channels to close on an SCTP ABORT, which
  // logs it (LibDataChannel).
  const std::shared_ptr<std::atomic<bool>> sctpAbortLogged_ =
      std::make_shared<std::atomic<bool>>(false);
  AnnouncedAddresses announced_;    // set once by create()
  int candidates_ = 0;              // gathered so far; signaling thread only
  bool iceServerWaitOver_ = false;  // signaling thread only
  mutable std::mutex mutex_;
  Handlers handlers_;
  std::optional<CandidatePair> selectedPair_;  // under mutex_
  // States are cached from the observer so reading them never blocks.
  std::atomic<IceConnectionState> ice_{IceConnectionState::New};
  std::atomic<IceGatheringState> gathering_{IceGatheringState::New};
  std::atomic<SignalingState> signaling_{SignalingState::Stable};
  std::atomic<PeerConnectionState> connection_{PeerConnectionState::New};
  std::atomic<bool> hostCandidatesReady_{false};
  std::atomic<bool> closed_{false};
  std::once_flag closeOnce_;
};

}  // namespace wx::rtc
