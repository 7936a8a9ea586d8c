// One m-line of a peer connection: a sender and a receiver of one kind of
// media, as RTCRtpTransceiver. The server adds its transceivers before the
// offer (PeerConnection::addTransceiver); the answering side finds them in
// PeerConnection::transceivers() once the offer is applied.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

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

// Runs on one of libwebrtc's decoding threads ("rtc-queues") for each
// received encoded video frame, complete and in decode order (after the
// jitter buffer), whether or not it decodes. It must not block.
using EncodedVideoHandler = std::function<void(const EncodedVideoFrame&)>;

// How Transceiver::forward sends video on.
enum class Forwarding {
  // The received encoded frames, as they are: no decode and no encode per
  // receiving peer (VideoRelay.h). A peer that cannot take them (another
  // codec, or a bandwidth estimate below the stream's bitrate) is moved to
  // Reencode by itself, and back when it can again, as long as fewer than
  // FactoryOptions::maxReencodedPeers peers are (VideoRelay.h has the rules).
  Relay,
  // Decoded and encoded again for this peer, at the rate its bandwidth
  // estimate allows: what a browser's addTrack of a received track does.
  Reencode,
};

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

  // Sends what `from` receives, as it arrives (loopback, broadcasting);
  // `from` may belong to another peer connection of the same Factory. Video
  // is relayed or re-encoded as `how` says; audio is always re-encoded (Opus
  // is cheap). Direction as above. Throws RtcError for a transceiver of the
  // other kind or from another Factory.
  virtual void forward(const Transceiver& from, Forwarding how) = 0;
  void forward(const Transceiver& from) { forward(from, Forwarding::Relay); }
  // Keeps only these codecs, by name ("VP8", "H264", "opus"; any case), in
  // this order, in the offers and answers made after the call, as W3C's
  // setCodecPreferences does; retransmission and error correction (rtx,
  // red, ulpfec) stay. Throws RtcError when none of them is supported.
  virtual void setCodecPreferences(const std::vector<std::string>& codecNames) = 0;
  // The name of the codec the remote peer sends here ("VP8", "H264",
  // "opus"): the first media codec negotiated for receiving; empty before
  // negotiation, or when this transceiver receives nothing. Blocking (it
  // asks the signaling thread): not from a callback.
  virtual std::string receivedCodec() const = 0;
  // Sends nothing (until the next send or forward); the m-line stays.
  virtual void stopSending() = 0;

  // Subscribes to the decoded audio the remote peer sends on this
  // transceiver (audio transceivers); see AudioHandler for the thread.
  [[nodiscard]] virtual std::unique_ptr<MediaSink> receiveAudio(AudioHandler handler) = 0;
  // The same for video (video transceivers); see VideoHandler.
  [[nodiscard]] virtual std::unique_ptr<MediaSink> receiveVideo(VideoHandler handler) = 0;
  // The encoded video the remote peer sends (video transceivers), before
  // decoding; see EncodedVideoHandler. Subscribing asks the sender for a
  // key frame.
  [[nodiscard]] virtual std::unique_ptr<MediaSink> receiveEncodedVideo(
      EncodedVideoHandler handler) = 0;
};

}  // namespace wx::rtc
