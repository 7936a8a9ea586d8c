// Internal (includes libwebrtc): Transceiver on top of libwebrtc's
// RtpTransceiverInterface (a proxy: its calls hop to the signaling thread).
#pragma once

#include "api/peer_connection_interface.h"
#include "api/rtp_transceiver_interface.h"
#include "rtc/Transceiver.h"
#include "rtc/VideoRelay.h"

namespace wx::rtc {

class LibTransceiver : public Transceiver {
 public:
  // `relays`: the factory's; `links`: its peer connection's.
  LibTransceiver(::rtc::scoped_refptr<::webrtc::RtpTransceiverInterface> transceiver,
                 ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory,
                 std::shared_ptr<VideoRelays> relays, std::shared_ptr<RelayLinks> links);

  MediaKind kind() const override;
  Direction direction() const override;
  void setDirection(Direction direction) override;
  void send(const std::shared_ptr<AudioSource>& source) override;
  void send(const std::shared_ptr<VideoSource>& source) override;
  using Transceiver::forward;
  void forward(const Transceiver& from, Forwarding how) override;
  void stopSending() override;
  void setCodecPreferences(const std::vector<std::string>& codecNames) override;
  std::string receivedCodec() const override;
  std::unique_ptr<MediaSink> receiveAudio(AudioHandler handler) override;
  std::unique_ptr<MediaSink> receiveVideo(VideoHandler handler) override;
  std::unique_ptr<MediaSink> receiveEncodedVideo(EncodedVideoHandler handler) override;

  ::webrtc::RtpTransceiverInterface* native() const { return transceiver_.get(); }

 private:
  void requireKind(MediaKind kind, const char* call) const;
  void setTrack(::webrtc::MediaStreamTrackInterface* track);
  ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> remoteVideo() const;

  ::rtc::scoped_refptr<::webrtc::RtpTransceiverInterface> transceiver_;
  // Makes the local tracks that send() attaches.
  ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory_;
  std::shared_ptr<VideoRelays> relays_;
  // The relay this transceiver's sender forwards, if any (RelayLinks).
  std::shared_ptr<RelayLinks> links_;
};

::webrtc::RtpTransceiverDirection toNative(Direction direction);

}  // namespace wx::rtc
