// One m-line of a peer connection: a sender and a receiver of one kind of
// media, as RTCRtpTransceiver. The server adds its transceivers before the
// offer (PeerConnection::addTransceiver); the answering side finds them in
// PeerConnection::transceivers() once the offer is applied.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "rtc/AudioFrame.h"
#include "rtc/AudioSource.h"
#include "rtc/MediaSink.h"
#include "rtc/Types.h"
#include "rtc/VideoFrame.h"
#include "rtc/VideoSource.h"

namespace wx::rtc {

// Runs on the audio device's playout thread ("rtc-audio-out"), every 10 ms
// per remote track once media flows (silence before). It must not block:
// copy or analyse the samples and return; never call blocking facade
// methods (DataChannel::send, PeerConnection calls) from it.
using AudioHandler = std::function<void(const AudioFrame&)>;

// Runs on one of libwebrtc's decoding threads ("rtc-queues") for each
// decoded picture. The frame's planes are valid only during the call; it
// must not block.
using VideoHandler = std::function<void(const VideoFrame&)>;

class Transceiver {
 public:
  virtual ~Transceiver() = default;

  virtual MediaKind kind() const = 0;
  virtual Direction direction() const = 0;
  // Throws RtcError once the peer connection is closed.
  virtual void setDirection(Direction direction) = 0;

  // Sends what `source` pushes (audio transceivers). Like a browser's
  // addTrack, this makes the direction include sending when it did not (on
  // the answering side an offer's transceiver starts receive-only).
  virtual void send(const std::shared_ptr<AudioSource>& source) = 0;

  // Sends what `source` pushes (video transceivers); direction as above.
  virtual void send(const std::shared_ptr<VideoSource>& source) = 0;

  // Sends what `from` receives, as it arrives (loopback, relaying); `from`
  // may belong to another peer connection of the same Factory. libwebrtc
  // re-encodes it for this peer; none of our code touches the frames.
  // Direction as above.
  virtual void forward(const Transceiver& from) = 0;
  // Sends nothing (until the next send or forward); the m-line stays.
  virtual void stopSending() = 0;

  // Subscribes to the decoded audio the remote peer sends on this
  // transceiver (audio transceivers); see AudioHandler for the thread.
  [[nodiscard]] virtual std::unique_ptr<MediaSink> receiveAudio(AudioHandler handler) = 0;
  // The same for video (video transceivers); see VideoHandler.
  [[nodiscard]] virtual std::unique_ptr<MediaSink> receiveVideo(VideoHandler handler) = 0;
};

}  // namespace wx::rtc
