// Internal (includes libwebrtc): the video codec factories of our peer
// connections.
#pragma once

#include <memory>

#include "api/video_codecs/video_decoder_factory.h"
#include "api/video_codecs/video_encoder_factory.h"
#include "rtc/PictureDemand.h"
#include "rtc/RelayCounters.h"

namespace wx::rtc {

// libwebrtc's builtin encoders (VP8, VP9, H264, AV1), each wrapped so that
// it also sends relayed frames (VideoRelay.h) as they are: a frame whose
// buffer is a RelayFrameBuffer is handed to the packetizer unchanged, with
// VP8 or H264 codec-specific info made up for it; any other picture is
// encoded by the builtin encoder, made on the first such picture (a peer
// that only relays never makes one).
//
// Rules the pass-through follows (DESIGN.md, "Route 2"), all from
// VideoStreamEncoder's behaviour in this libwebrtc:
// - A key frame request (a new stream, a PLI or FIR) means the peer has no
//   usable reference: drop delta frames and ask the relay for a key frame.
// - Frames VideoStreamEncoder skipped (its queue was busy) are sent from
//   the relay's ring first: in VP8 every frame is a reference.
// - More than kMaxCatchUp frames behind, or one no longer held: wait for a
//   key frame instead.
// - Another codec than this peer's, or VP9 or AV1 (their frames need layer
//   metadata a received frame does not carry): drop, and tell the relay
//   link, which switches the peer to a re-encoded copy.
// Encode runs on the peer's encoder queue ("rtc-queues").
std::unique_ptr<::webrtc::VideoEncoderFactory> makeVideoEncoderFactory();

// libwebrtc's builtin decoders, each wrapped so that it skips delta frames
// while its stream's PictureDemand says nothing wants the pictures
// (PictureDemand.h); with `decode` false, decoders that take every frame and
// decode none (a load generator that counts encoded frames with
// receiveEncodedVideo and must not spend the machine on pictures).
// Decode runs on the stream's decoding queue ("rtc-queues"). `counters`
// count what the wrapped decoders decoded and skipped.
std::unique_ptr<::webrtc::VideoDecoderFactory> makeVideoDecoderFactory(
    bool decode, std::shared_ptr<RelayCounters> counters);

// Tells the decoder of a received stream whose demand decides its decoding.
// Call from the stream's encoded sink (VideoTrackSourceInterface::
// AddEncodedSink), which libwebrtc calls on the decoding queue right after
// Decode of the same frame (VideoReceiveStream2::
// DecodeAndMaybeDispatchEncodedFrame): `frameData` is the sink's
// encoded_buffer()->data(). A frame that no decoder of ours decoded last on
// this thread (another decoder factory, a frame held back for its
// resolution) changes nothing.
void linkDecoder(const uint8_t* frameData, const std::shared_ptr<PictureDemand>& demand);

}  // namespace wx::rtc
