// Internal (includes libwebrtc): relaying a received video track to other
// peers without decoding and encoding it per peer (Forwarding::Relay).
//
// How (design and measurements: ../shared/relay/DESIGN.md):
// - VideoRelay, one per received video track that something forwards,
//   takes the track's encoded frames from its source
//   (VideoTrackSourceInterface::AddEncodedSink, the hook MediaRecorder
//   uses): complete, in decode order, after the jitter buffer.
// - Each frame is copied once into a RelayedFrame and handed, wrapped in a
//   kNative VideoFrameBuffer (RelayFrameBuffer), to the track of every
//   RelayLink, one per forwarding transceiver.
// - The factory's video encoder (VideoCodecs.h, RelayEncoder) passes such
//   frames through unchanged and encodes ordinary pictures as the builtin
//   encoder does. Each peer keeps its own RTP stack (payload type, SSRC,
//   sequence numbers, NACK and RTX).
// - A peer's key frame request (a new stream, PLI or FIR) reaches its
//   encoder, which asks VideoRelay::requestKeyFrame: throttled, posted to the
//   network thread as GenerateKeyFrame() on the received track's source (a
//   PLI or FIR to the sender).
// - A peer that cannot take the relayed frames (another codec; a bandwidth
//   estimate below the stream's bitrate) is switched by its link to the
//   received track itself, i.e. a re-encoded copy at its own bitrate, and
//   back once its estimate has recovered (RelayLink::check); at most
//   FactoryOptions::maxReencodedPeers peers of the factory at once.
//
// Only interfaces are implemented here (VideoFrameBuffer,
// VideoSinkInterface), as the DCHECK layout rule requires (LibVideoSource.h).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "api/media_stream_interface.h"
#include "api/peer_connection_interface.h"
#include "api/rtp_sender_interface.h"
#include "api/video/encoded_image.h"
#include "api/video/recordable_encoded_frame.h"
#include "api/video/video_frame_buffer.h"
#include "rtc/LibVideoSource.h"
#include "rtc/PictureDemand.h"
#include "rtc/RelayCounters.h"
#include "rtc_base/thread.h"

namespace wx::rtc {

class VideoRelay;

// One encoded frame of a relayed stream; shared, read-only, by every peer.
struct RelayedFrame {
  ::rtc::scoped_refptr<::webrtc::EncodedImageBuffer> data;
  bool key = false;
  ::webrtc::VideoCodecType codec = ::webrtc::kVideoCodecGeneric;
  uint64_t seq = 0;       // 1, 2, 3... per relay, with no gaps
  int64_t ntpMs = 0;      // strictly increasing (VideoStreamEncoder drops repeats)
  int64_t captureMs = 0;  // rtc::TimeMillis() when it arrived
  int width = 0;          // of the last key frame
  int height = 0;
};

// What a peer's link and its encoder share (any thread; atomics).
struct RelayViewerState {
  // The encoder's last target bitrate (SetRates), -1 before the first.
  std::atomic<int64_t> targetBps{-1};
  // The fraction of its packets the peer lost (0-1), as libwebrtc's
  // bandwidth estimator last passed it to the encoder
  // (OnPacketLossRateUpdate), from the peer's RTCP receiver reports or
  // transport-wide feedback.
  std::atomic<float> lossFraction{0};
  // The relayed frames are of another codec than this peer's, or of one
  // that cannot be relayed (VP9, AV1).
  std::atomic<bool> codecMismatch{false};
  // Set by the peer's link while its target is under the slow rule and a
  // re-encoded copy can be had: the encoder sends none of the relayed
  // frames, so that the peer's pacer queue (and its delay) does not grow
  // before the switch, and starts again at a key frame.
  std::atomic<bool> holding{false};
};

// A relayed frame on its way to one peer's encoder, inside a VideoFrame.
// Anything else that wants its pixels (it has none) gets black.
class RelayFrameBuffer : public ::webrtc::VideoFrameBuffer {
 public:
  RelayFrameBuffer(std::shared_ptr<const RelayedFrame> frame, std::weak_ptr<VideoRelay> relay,
                   std::shared_ptr<RelayViewerState> viewer)
      : frame(std::move(frame)), relay(std::move(relay)), viewer(std::move(viewer)) {}
  Type type() const override { return Type::kNative; }
  int width() const override { return frame->width; }
  int height() const override { return frame->height; }
  ::rtc::scoped_refptr<::webrtc::I420BufferInterface> ToI420() override;

  const std::shared_ptr<const RelayedFrame> frame;
  const std::weak_ptr<VideoRelay> relay;
  const std::shared_ptr<RelayViewerState> viewer;
};

class RelayLink;

class VideoRelay : public std::enable_shared_from_this<VideoRelay> {
 public:
  // Starts taking `remote`'s encoded frames (a proxied call: blocks on the
  // network thread; not from it). `network` is libwebrtc's network (= worker
  // = signaling) thread.
  // `maxReencoded`: FactoryOptions::maxReencodedPeers. `demand`: the
  // track's (VideoRelays::demandOf); while the relay lives, the track's
  // decoder skips what no subscriber of `demand` wants.
  static std::shared_ptr<VideoRelay> start(
      ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> remote, ::rtc::Thread* network,
      std::shared_ptr<RelayCounters> counters, int64_t maxReencoded,
      std::shared_ptr<PictureDemand> demand);
  // Stops taking frames (posted to the network thread: may run anywhere).
  ~VideoRelay();

  // Never 0, unique in the process: tells a relay from a later one.
  uint64_t id() const { return id_; }
  const ::rtc::scoped_refptr<::webrtc::VideoTrackInterface>& remoteTrack() const { return remote_; }
  RelayCounters& counters() { return *counters_; }
  PictureDemand& demand() { return *demand_; }
  int64_t maxReencoded() const { return maxReencoded_; }
  // The frame `seq` if the ring of recent frames still holds it. Any thread.
  std::shared_ptr<const RelayedFrame> frame(uint64_t seq) const;
  // Asks the sender for a key frame, at most once per kKeyFrameGapMs however
  // many peers ask (the receiver itself repeats its PLI until a key frame
  // comes): a peer joining waits at most that long plus a round trip. Any
  // thread; never blocks.
  void requestKeyFrame();
  // Runs the links' checks soon rather than at the next tick. Any thread.
  void checkLinksSoon();
  // The stream's bitrate, averaged over the last few seconds (bits/s).
  int64_t bitrateBps() const { return bitrateBps_; }
  // Width times height of its last key frame; 0 before the first.
  int64_t pixels() const;

  void add(const std::shared_ptr<RelayLink>& link);
  void remove(const RelayLink* link);

  static constexpr int kRingSize = 64;  // ~2 s at 30 fps
  static constexpr int64_t kKeyFrameGapMs = 300;

 private:
  class Tap;
  VideoRelay(::rtc::scoped_refptr<::webrtc::VideoTrackInterface> remote, ::rtc::Thread* network,
             std::shared_ptr<RelayCounters> counters);
  // On the received stream's decoding thread.
  void onEncoded(const ::webrtc::RecordableEncodedFrame& encoded);
  // Network thread, once a second while the relay lives: the stream's
  // bitrate, and each link's check.
  void tick(bool scheduled);

  const uint64_t id_;
  const ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> remote_;
  ::rtc::Thread* const network_;
  const std::shared_ptr<RelayCounters> counters_;
  std::shared_ptr<Tap> tap_;
  std::shared_ptr<PictureDemand> demand_;
  int64_t ntpOffsetMs_ = 0;
  int64_t maxReencoded_ = 0;

  mutable std::mutex mutex_;  // guards everything below
  uint64_t seq_ = 0;
  int width_ = 0;
  int height_ = 0;
  int64_t lastNtpMs_ = 0;
  std::array<std::shared_ptr<const RelayedFrame>, kRingSize> ring_;
  std::vector<std::weak_ptr<RelayLink>> links_;
  int64_t lastRequestMs_ = 0;

  std::atomic<uint64_t> bytes_{0};
  uint64_t bytesAtTick_ = 0;  // network thread only
  int64_t tickMs_ = 0;        // network thread only
  std::atomic<int64_t> bitrateBps_{0};
};

// One transceiver's forwarding of a relay: its own track over its own
// source, which gets every relayed frame, and the switch between relaying
// and re-encoding for this peer.
class RelayLink : public std::enable_shared_from_this<RelayLink> {
 public:
  // Makes the link and puts it in `relay`; start() then sends it.
  // `restartEstimate` (may be empty) starts the peer's bandwidth estimate
  // over at the given bits/s (RelayLinks::setStartBitrate; false: refused);
  // called on the network thread, with no lock held.
  static std::shared_ptr<RelayLink> create(
      std::shared_ptr<VideoRelay> relay, ::rtc::scoped_refptr<::webrtc::RtpSenderInterface> sender,
      ::webrtc::PeerConnectionFactoryInterface& factory,
      std::function<bool(int)> restartEstimate = {});
  ~RelayLink();

  // The track the sender sends while relaying.
  ::webrtc::VideoTrackInterface* track() const { return track_.get(); }
  // Stops feeding this link and stops it switching the sender (the caller
  // is about to set another track, or the peer is closing). Any thread but
  // the network thread's own callbacks.
  void detach();
  // Network thread, once a second: switches the sender between the relayed
  // and the re-encoded track (Forwarding::Relay's rules).
  // `scheduled`: the once-a-second tick, which counts towards the rules'
  // seconds (checkLinksSoon's checks only act on a codec mismatch).
  void check(int64_t nowMs, int64_t streamBps, bool scheduled);
  // Decoding thread: hands `frame` to this peer's encoder.
  void deliver(const std::shared_ptr<const RelayedFrame>& frame);

  // The rules: a peer whose target stays under kSlowRatio of the stream's
  // bitrate for kSlowSeconds, or is under kVerySlowRatio of it once, or
  // loses kLossyFraction of its packets (both after kVerySlowSettleMs), is
  // re-encoded, and is sent no relayed frame meanwhile (holding, above); a
  // lossy one's estimate starts over at what got through of the stream (
  // restartEstimate, at least kMinRestartBps, at most its target); the loss
  // is checked as soon as it is reported (the encoder calls
  // VideoRelay::checkLinksSoon). One re-encoded for bandwidth goes back once its
  // target has been at or above kRecoveredRatio of it (or at 90 % of its
  // own maximum) for kRecoveredSeconds. New peers get kSettleSeconds first
  // (LibTransceiver::forward starts their estimate at the stream's bitrate
  // rather than libwebrtc's 300 kbit/s). Relayed peers on loopback sit at
  // 0.7-1.1 times the stream's bitrate; a peer limited to 300 kbit/s of a
  // 1.5 Mbit/s stream at 0.1 (DESIGN.md).
  static constexpr double kSlowRatio = 0.6;
  static constexpr double kVerySlowRatio = 0.3;
  // A link that drops what exceeds its rate (a policer) shows in the peer's
  // receiver reports a second or two before libwebrtc's estimate comes down
  // (measured: bench/README.md, issue 18). 10 %: where libwebrtc's own
  // loss-based estimate starts to decrease.
  static constexpr float kLossyFraction = 0.1f;
  static constexpr double kMinRestartBps = 100'000;
  static constexpr int64_t kVerySlowSettleMs = 1000;  // the very slow rule's settling
  static constexpr int kSlowSeconds = 3;
  static constexpr double kRecoveredRatio = 1.1;
  static constexpr int kRecoveredSeconds = 5;
  static constexpr int kSettleSeconds = 2;

  // A copy re-encoded for bandwidth is scaled down (the sender's
  // scale_resolution_down_by: 1, 2 or 4 per side) to the largest size whose
  // pixels get kBitsPerPixel a second of its target: 400 kbit/s for 640x480,
  // 100 kbit/s for 320x240, as libwebrtc's own start limits for VP8 have it
  // (about 300 kbit/s for 640x360). Why: libwebrtc's quality scaler needs 60
  // frames to act, and a copy at a low target drops to 1-6 frames a second,
  // so it kept the full size for tens of seconds: key frames of a second's
  // worth of its link. Up a size only once the target is kScaleUpMargin times
  // that size's need. Relayed frames are never scaled (1 again before).
  static constexpr double kBitsPerPixel = 1.3;
  static constexpr double kScaleUpMargin = 1.25;
  // The scale for `targetBps` of a `pixels` stream, from `current`.
  static int scaleFor(int64_t targetBps, int64_t pixels, int current);

 private:
  RelayLink(std::shared_ptr<VideoRelay> relay,
            ::rtc::scoped_refptr<::webrtc::RtpSenderInterface> sender,
            ::rtc::scoped_refptr<PushTrackSource> source,
            ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> track);
  enum class Mode { Relay, ReencodeCodec, ReencodeSlow };
  // Under mutex_; returns where the peer's estimate should start over (bits/s;
  // 0: not), which check() does after unlocking.
  int64_t checkLocked(int64_t nowMs, int64_t streamBps, bool scheduled);
  void switchTo(Mode mode);     // under mutex_
  void scaleDownBy(int scale);  // under mutex_

  const std::shared_ptr<VideoRelay> relay_;
  const ::rtc::scoped_refptr<::webrtc::RtpSenderInterface> sender_;
  const ::rtc::scoped_refptr<PushTrackSource> source_;
  const ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> track_;
  const std::shared_ptr<RelayViewerState> state_ = std::make_shared<RelayViewerState>();
  std::function<bool(int)> restartEstimate_;  // set once, by create()

  std::mutex mutex_;  // guards the members below
  bool detached_ = false;
  Mode mode_ = Mode::Relay;
  int64_t createdMs_ = 0;
  int slowFor_ = 0;       // consecutive checks below the rule
  int recoveredFor_ = 0;  // consecutive checks above it
  int64_t maxBps_ = 0;    // the sender's encoding maximum (SenderBitrate.h when unset)
  int scale_ = 1;         // the sender's scale_resolution_down_by
  bool refusalLogged_ = false;
  // While re-encoding: the sender's encoder takes the remote track's pictures.
  std::unique_ptr<PictureDemand::Subscription> pictures_;
};

// Sets `sender`'s first encoding's scale_resolution_down_by to `scale`
// unless it is already (blocking: SetParameters waits for the encoder queue
// to reconfigure); false if libwebrtc refused twice, or there is no
// encoding to scale and `scale` is not 1.
// A sender a RelayLink scaled keeps its scale until set back
// (LibTransceiver sets 1 with each new track). A proxied call (network
// thread, or a thread that may block on it).
bool setScaleDownBy(::webrtc::RtpSenderInterface& sender, int scale);

// Every relay of a Factory, by received track: forwarding the same track to
// many peers makes one relay. Any thread.
class VideoRelays {
 public:
  VideoRelays(::rtc::Thread* network, std::shared_ptr<RelayCounters> counters, bool enabled,
              int64_t maxReencoded)
      : network_(network),
        counters_(std::move(counters)),
        enabled_(enabled),
        maxReencoded_(maxReencoded) {}
  std::shared_ptr<VideoRelay> relayOf(::rtc::scoped_refptr<::webrtc::VideoTrackInterface> remote);
  // Who wants `remote`'s pictures (PictureDemand.h): one per track, shared by
  // its relay and whatever subscribes to its pictures.
  std::shared_ptr<PictureDemand> demandOf(const ::webrtc::VideoTrackInterface* remote);
  // FactoryOptions::relayVideo.
  bool enabled() const { return enabled_; }

 private:
  std::shared_ptr<PictureDemand> demandOfLocked(const ::webrtc::VideoTrackInterface* remote);

  ::rtc::Thread* const network_;
  const std::shared_ptr<RelayCounters> counters_;
  const bool enabled_;
  const int64_t maxReencoded_;
  std::mutex mutex_;
  std::map<const ::webrtc::VideoTrackInterface*, std::weak_ptr<VideoRelay>> relays_;
  std::map<const ::webrtc::VideoTrackInterface*, std::weak_ptr<PictureDemand>> demands_;
};

// A peer connection's links, by sender: a transceiver forwards one thing at
// a time. Any thread but the network thread's own callbacks.
class RelayLinks {
 public:
  // Sets the peer's bandwidth estimate's starting point (bits/s): its
  // LibPeerConnection's PeerConnectionInterface::SetBitrate; false if it
  // refused or the peer is gone. Set once by it, before any transceiver
  // exists.
  std::function<bool(int)> setStartBitrate;
  // Whether a forward() used it already: only a new peer's estimate is
  // started over (later ones, a new broadcast for instance, keep theirs).
  std::atomic<bool> startBitrateSet{false};

  // Detaches the sender's link, if any, and keeps `link` (null: none), or
  // `pictures` for a sender that re-encodes a remote track (
  // Forwarding::Reencode).
  void set(const ::webrtc::RtpSenderInterface* sender, std::shared_ptr<RelayLink> link,
           std::unique_ptr<PictureDemand::Subscription> pictures = nullptr);
  void clear();

 private:
  struct Entry {
    std::shared_ptr<RelayLink> link;
    std::unique_ptr<PictureDemand::Subscription> pictures;
  };
  std::mutex mutex_;
  std::map<const ::webrtc::RtpSenderInterface*, Entry> links_;
};

}  // namespace wx::rtc
