// Internal (includes libwebrtc): the audio codecs our peer connections
// negotiate, Opus only. This libwebrtc build's builtin audio factories lack
// Opus, so it is brought in here.
#pragma once

#include "api/audio_codecs/audio_decoder_factory.h"
#include "api/audio_codecs/audio_encoder_factory.h"

namespace wx::rtc {

// Encoders tuned for a server that sends many streams of tones and relayed
// sound: Opus's general "audio" mode instead of the speech-tuned "VoIP"
// mode libwebrtc picks for mono, at `complexity` (0..10; libwebrtc's default
// is 9). At 1 an encoder costs about half of what libwebrtc's defaults cost
// here; bitrate, ptime, FEC and DTX stay as negotiated. Opus is offered
// without transport-wide congestion feedback (see LibPeerConnection's
// addTransceiver, which also leaves out the header extension it needs).
::rtc::scoped_refptr<::webrtc::AudioEncoderFactory> makeOpusEncoderFactory(int complexity);

::rtc::scoped_refptr<::webrtc::AudioDecoderFactory> makeOpusDecoderFactory();

}  // namespace wx::rtc
