#include "rtc/LibTransceiver.h"

#include <atomic>
#include <string>

#include "absl/strings/match.h"
#include "api/video/recordable_encoded_frame.h"
#include "api/video/video_sink_interface.h"
#include "api/video_codecs/video_codec.h"
#include "rtc/LibAudioSource.h"
#include "rtc/LibVideoSource.h"

namespace wx::rtc {
namespace {

// Retransmission and error correction, which ride along with a media codec.
bool isRepairCodec(const std::string& name) {
  for (const char* repair : {"rtx", "red", "ulpfec", "flexfec-03"}) {
    if (absl::EqualsIgnoreCase(name, repair)) return true;
  }
  return false;
}

// Track IDs only need to be unique within the process.
std::string nextTrackId(const char* kind) {
  static std::atomic<uint64_t> counter{0};
  return std::string("wx-") + kind + "-" + std::to_string(++counter);
}

// Delivers a remote audio track's decoded frames to a handler. libwebrtc
// calls OnData under the source's sink lock, which RemoveSink also takes:
// once the destructor returns, the handler is done for good.
class LibAudioSink : public MediaSink, public ::webrtc::AudioTrackSinkInterface {
 public:
  LibAudioSink(::rtc::scoped_refptr<::webrtc::AudioTrackInterface> track, AudioHandler handler)
      : track_(std::move(track)), handler_(std::move(handler)) {
    track_->AddSink(this);
  }
  ~LibAudioSink() override { track_->RemoveSink(this); }

  // Runs on PlayoutAudioDevice's thread.
  void OnData(const void* data, int bitsPerSample, int sampleRate, size_t channels,
              size_t frames) override {
    if (bitsPerSample != 16 || channels == 0) return;
    AudioFrame frame{sampleRate,
                     static_cast<int>(channels),
                     frames,
                     {static_cast<const int16_t*>(data), frames * channels}};
    handler_(frame);
  }

 private:
  ::rtc::scoped_refptr<::webrtc::AudioTrackInterface> track_;
  AudioHandler handler_;
};

// The same for a remote video track's decoded pictures; VideoTrack's
// broadcaster also holds its lock while delivering.
class LibVideoSink : public MediaSink, public ::rtc::VideoSinkInterface<::webrtc::VideoFrame> {
 public:
  // `pictures`: keeps the track's decoder decoding while this sink lives.
  LibVideoSink(::rtc::scoped_refptr<::webrtc::VideoTrackInterface> track, VideoHandler handler,
               std::unique_ptr<PictureDemand::Subscription> pictures)
      : track_(std::move(track)), handler_(std::move(handler)), pictures_(std::move(pictures)) {
    track_->AddOrUpdateSink(this, ::rtc::VideoSinkWants());
  }
  ~LibVideoSink() override { track_->RemoveSink(this); }

  // Runs on a libwebrtc decoding thread.
  void OnFrame(const ::webrtc::VideoFrame& native) override {
    auto i420 = native.video_frame_buffer()->ToI420();
    if (!i420) return;
    handler_({i420->width(), i420->height(), native.timestamp_us(), i420->DataY(), i420->DataU(),
              i420->DataV(), i420->StrideY(), i420->StrideU(), i420->StrideV()});
  }

 private:
  ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> track_;
  VideoHandler handler_;
  std::unique_ptr<PictureDemand::Subscription> pictures_;
};

// The same for a remote video track's encoded frames. The track's source
// calls OnFrame under its sink lock, which RemoveEncodedSink also takes.
class LibEncodedVideoSink : public MediaSink,
                            public ::rtc::VideoSinkInterface<::webrtc::RecordableEncodedFrame> {
 public:
  LibEncodedVideoSink(::rtc::scoped_refptr<::webrtc::VideoTrackInterface> track,
                      EncodedVideoHandler handler)
      : track_(std::move(track)), handler_(std::move(handler)) {
    track_->GetSource()->AddEncodedSink(this);
  }
  ~LibEncodedVideoSink() override { track_->GetSource()->RemoveEncodedSink(this); }

  // Runs on a libwebrtc decoding thread.
  void OnFrame(const ::webrtc::RecordableEncodedFrame& native) override {
    auto data = native.encoded_buffer();
    EncodedVideoFrame frame;
    frame.bytes = data ? data->size() : 0;
    frame.keyFrame = native.is_key_frame();
    if (frame.keyFrame) {
      frame.width = static_cast<int>(native.resolution().width);
      frame.height = static_cast<int>(native.resolution().height);
    }
    frame.codec = ::webrtc::CodecTypeToPayloadString(native.codec());
    handler_(frame);
  }

 private:
  ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> track_;
  EncodedVideoHandler handler_;
};

}  // namespace

::webrtc::RtpTransceiverDirection toNative(Direction direction) {
  switch (direction) {
    case Direction::SendRecv:
      return ::webrtc::RtpTransceiverDirection::kSendRecv;
    case Direction::SendOnly:
      return ::webrtc::RtpTransceiverDirection::kSendOnly;
    case Direction::RecvOnly:
      return ::webrtc::RtpTransceiverDirection::kRecvOnly;
    case Direction::Inactive:
      return ::webrtc::RtpTransceiverDirection::kInactive;
  }
  return ::webrtc::RtpTransceiverDirection::kInactive;
}

LibTransceiver::LibTransceiver(
    ::rtc::scoped_refptr<::webrtc::RtpTransceiverInterface> transceiver,
    ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory,
    std::shared_ptr<VideoRelays> relays, std::shared_ptr<RelayLinks> links)
    : transceiver_(std::move(transceiver)),
      factory_(std::move(factory)),
      relays_(std::move(relays)),
      links_(std::move(links)) {}

MediaKind LibTransceiver::kind() const {
  return transceiver_->media_type() == ::cricket::MEDIA_TYPE_AUDIO ? MediaKind::Audio
                                                                   : MediaKind::Video;
}

Direction LibTransceiver::direction() const {
  switch (transceiver_->direction()) {
    case ::webrtc::RtpTransceiverDirection::kSendRecv:
      return Direction::SendRecv;
    case ::webrtc::RtpTransceiverDirection::kSendOnly:
      return Direction::SendOnly;
    case ::webrtc::RtpTransceiverDirection::kRecvOnly:
      return Direction::RecvOnly;
    default:
      return Direction::Inactive;
  }
}

void LibTransceiver::setDirection(Direction direction) {
  auto result = transceiver_->SetDirectionWithError(toNative(direction));
  if (!result.ok()) {
    throw RtcError(RtcError::Kind::InvalidState,
                   std::string("set transceiver direction: ") + result.message());
  }
}

void LibTransceiver::requireKind(MediaKind wanted, const char* call) const {
  if (kind() != wanted) {
    throw RtcError(RtcError::Kind::InvalidInput,
                   std::string(call) + " on a transceiver of the other media kind");
  }
}

void LibTransceiver::send(const std::shared_ptr<AudioSource>& source) {
  requireKind(MediaKind::Audio, "send(AudioSource)");
  auto* lib = dynamic_cast<LibAudioSource*>(source.get());
  if (!lib) throw RtcError(RtcError::Kind::InvalidInput, "not an AudioSource::create() source");
  setTrack(factory_->CreateAudioTrack(nextTrackId("audio"), lib->native()).get());
}

void LibTransceiver::send(const std::shared_ptr<VideoSource>& source) {
  requireKind(MediaKind::Video, "send(VideoSource)");
  auto* lib = dynamic_cast<LibVideoSource*>(source.get());
  if (!lib) throw RtcError(RtcError::Kind::InvalidInput, "not a VideoSource::create() source");
  links_->set(transceiver_->sender().get(), nullptr);
  setTrack(factory_->CreateVideoTrack(nextTrackId("video"), lib->native()).get());
}

void LibTransceiver::forward(const Transceiver& from, Forwarding how) {
  auto* lib = dynamic_cast<const LibTransceiver*>(&from);
  if (!lib || lib->kind() != kind()) {
    throw RtcError(RtcError::Kind::InvalidInput, "forward from a transceiver of another kind");
  }
  if (lib->relays_ != relays_) {
    throw RtcError(RtcError::Kind::InvalidInput, "forward from another Factory's transceiver");
  }
  auto sender = transceiver_->sender();
  if (kind() == MediaKind::Audio || how == Forwarding::Reencode || !relays_->enabled()) {
    auto pictures = kind() == MediaKind::Video
                        ? relays_->demandOf(lib->remoteVideo().get())->subscribe()
                        : nullptr;
    links_->set(sender.get(), nullptr, std::move(pictures));
    setTrack(lib->transceiver_->receiver()->track().get());
    return;
  }
  auto relay = relays_->relayOf(lib->remoteVideo());
  // A relayed stream cannot slow down for a new peer: start the peer's
  // estimate where the stream is (or at 1 Mbit/s before it is known), not at
  // libwebrtc's 300 kbit/s, so that a peer on a good link never queues and
  // one on a slow link shows it within a second or two.
  constexpr int kUnknownStreamBps = 1'000'000;
  if (links_->setStartBitrate && !links_->startBitrateSet.exchange(true)) {
    const int64_t stream = relay->bitrateBps();
    links_->setStartBitrate(stream > 0 ? static_cast<int>(stream) : kUnknownStreamBps);
  }
  auto link = RelayLink::create(std::move(relay), sender, *factory_, links_->setStartBitrate);
  ::webrtc::VideoTrackInterface* track = link->track();
  links_->set(sender.get(), std::move(link));
  setTrack(track);
}

void LibTransceiver::setCodecPreferences(const std::vector<std::string>& codecNames) {
  const auto media =
      kind() == MediaKind::Audio ? ::cricket::MEDIA_TYPE_AUDIO : ::cricket::MEDIA_TYPE_VIDEO;
  const auto capabilities = factory_->GetRtpReceiverCapabilities(media).codecs;
  std::vector<::webrtc::RtpCodecCapability> kept;
  for (const std::string& name : codecNames) {
    for (const auto& codec : capabilities) {
      if (absl::EqualsIgnoreCase(codec.name, name)) kept.push_back(codec);
    }
  }
  if (kept.empty()) {
    throw RtcError(RtcError::Kind::InvalidInput, "none of the preferred codecs is supported");
  }
  for (const auto& codec : capabilities) {
    if (isRepairCodec(codec.name)) kept.push_back(codec);
  }
  auto result = transceiver_->SetCodecPreferences(kept);
  if (!result.ok()) {
    throw RtcError(RtcError::Kind::InvalidInput,
                   std::string("set codec preferences: ") + result.message());
  }
}

std::string LibTransceiver::receivedCodec() const {
  for (const auto& codec : transceiver_->receiver()->GetParameters().codecs) {
    if (!isRepairCodec(codec.name)) return codec.name;
  }
  return {};
}

void LibTransceiver::stopSending() {
  links_->set(transceiver_->sender().get(), nullptr);
  setTrack(nullptr);
}

::rtc::scoped_refptr<::webrtc::VideoTrackInterface> LibTransceiver::remoteVideo() const {
  auto track = transceiver_->receiver()->track();
  return ::rtc::scoped_refptr<::webrtc::VideoTrackInterface>(
      static_cast<::webrtc::VideoTrackInterface*>(track.get()));
}

void LibTransceiver::setTrack(::webrtc::MediaStreamTrackInterface* track) {
  // Whole pictures, whatever a link (detached by now) made of a slow peer's
  // copy (RelayLink::scaleDownBy).
  if (track && kind() == MediaKind::Video && !setScaleDownBy(*transceiver_->sender(), 1)) {
    throw RtcError(RtcError::Kind::InvalidState, "the sender's scale could not be set back to 1");
  }
  if (!transceiver_->sender()->SetTrack(track)) {
    throw RtcError(RtcError::Kind::InvalidState, "the transceiver refused the track");
  }
  // A track to send makes the transceiver send, as addTrack does.
  if (track && direction() == Direction::RecvOnly) setDirection(Direction::SendRecv);
  if (track && direction() == Direction::Inactive) setDirection(Direction::SendOnly);
}

std::unique_ptr<MediaSink> LibTransceiver::receiveAudio(AudioHandler handler) {
  requireKind(MediaKind::Audio, "receiveAudio");
  auto track = transceiver_->receiver()->track();
  ::rtc::scoped_refptr<::webrtc::AudioTrackInterface> audio(
      static_cast<::webrtc::AudioTrackInterface*>(track.get()));
  return std::make_unique<LibAudioSink>(std::move(audio), std::move(handler));
}

std::unique_ptr<MediaSink> LibTransceiver::receiveVideo(VideoHandler handler) {
  requireKind(MediaKind::Video, "receiveVideo");
  auto track = remoteVideo();
  auto pictures = relays_->demandOf(track.get())->subscribe();
  return std::make_unique<LibVideoSink>(std::move(track), std::move(handler), std::move(pictures));
}

std::unique_ptr<MediaSink> LibTransceiver::receiveEncodedVideo(EncodedVideoHandler handler) {
  requireKind(MediaKind::Video, "receiveEncodedVideo");
  return std::make_unique<LibEncodedVideoSink>(remoteVideo(), std::move(handler));
}

}  // namespace wx::rtc
