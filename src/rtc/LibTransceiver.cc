#include "rtc/LibTransceiver.h"

#include <atomic>
#include <string>

#include "rtc/LibAudioSource.h"

namespace wx::rtc {
namespace {

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
    ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory)
    : transceiver_(std::move(transceiver)), factory_(std::move(factory)) {}

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
  auto track = factory_->CreateAudioTrack(nextTrackId("audio"), lib->native());
  if (!transceiver_->sender()->SetTrack(track.get())) {
    throw RtcError(RtcError::Kind::InvalidState, "the transceiver refused the track");
  }
}

std::unique_ptr<MediaSink> LibTransceiver::receiveAudio(AudioHandler handler) {
  requireKind(MediaKind::Audio, "receiveAudio");
  auto track = transceiver_->receiver()->track();
  ::rtc::scoped_refptr<::webrtc::AudioTrackInterface> audio(
      static_cast<::webrtc::AudioTrackInterface*>(track.get()));
  return std::make_unique<LibAudioSink>(std::move(audio), std::move(handler));
}

}  // namespace wx::rtc
