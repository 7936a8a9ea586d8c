// Internal (includes libwebrtc): Transceiver on top of libwebrtc's
// RtpTransceiverInterface (a proxy: its calls hop to the signaling thread).
#pragma once

#include "api/peer_connection_interface.h"
#include "api/rtp_transceiver_interface.h"
#include "rtc/Transceiver.h"

namespace wx::rtc {

class LibTransceiver : public Transceiver {
 public:
  LibTransceiver(::rtc::scoped_refptr<::webrtc::RtpTransceiverInterface> transceiver,
                 ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory);

  MediaKind kind() const override;
  Direction direction() const override;
  void setDirection(Direction direction) override;
  void send(const std::shared_ptr<AudioSource>& source) override;
  void send(const std::shared_ptr<VideoSource>& source) override;
  void forward(const Transceiver& from) override;
  void stopSending() override { setTrack(nullptr); }
  std::unique_ptr<MediaSink> receiveAudio(AudioHandler handler) override;
  std::unique_ptr<MediaSink> receiveVideo(VideoHandler handler) override;

  ::webrtc::RtpTransceiverInterface* native() const { return transceiver_.get(); }

 private:
  void requireKind(MediaKind kind, const char* call) const;
  void setTrack(::webrtc::MediaStreamTrackInterface* track);

  ::rtc::scoped_refptr<::webrtc::RtpTransceiverInterface> transceiver_;
  // Makes the local tracks that send() attaches.
  ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory_;
};

::webrtc::RtpTransceiverDirection toNative(Direction direction);

}  // namespace wx::rtc
