// The one list of examples. Adding an example: a folder under examples/ with
// server.cc (server half), client.cc (native client half), client.js (the
// page's half), example.h and README.md; its .cc files in CMakeLists.txt; and
// one line here.
#include <chrono>

#include "Example.h"
#include "audio-video-loopback/example.h"
#include "broadcaster/example.h"
#include "datachannel-buffer-limits/example.h"
#include "ping-pong/example.h"
#include "pitch-detector/example.h"
#include "record-audio-video-stream/example.h"
#include "sine-wave-stereo/example.h"
#include "sine-wave/example.h"
#include "video-compositing/example.h"
#include "viewer/example.h"

namespace wx::examples {

std::vector<Example> makeExamples(const ExamplesConfig& config) {
  // What examples share lives as long as the examples made here: one 10 ms
  // clock paces every tone the audio examples send, one 30 fps clock every
  // picture the video examples draw; one hub joins broadcaster and viewer.
  auto audioClock = std::make_shared<common::FramePacer>(std::chrono::milliseconds(10));
  auto videoClock = std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333));
  auto hub = std::make_shared<common::BroadcastHub>();
  return {
      ping_pong::example(),
      datachannel_buffer_limits::example(),
      sine_wave::example(audioClock),
      sine_wave_stereo::example(audioClock),
      pitch_detector::example(audioClock),
      audio_video_loopback::example(),
      video_compositing::example(videoClock),
      record_audio_video_stream::example(config.recordDir),
      broadcaster::example(hub, videoClock),
      viewer::example(hub, videoClock),
  };
}

std::vector<rest::MountedExample> mountableExamples(const ExamplesConfig& config) {
  std::vector<rest::MountedExample> mounted;
  for (const Example& example : makeExamples(config)) {
    mounted.push_back({example.name, example.beforeOffer, example.description, example.routes,
                       example.offerEndpoints});
  }
  return mounted;
}

}  // namespace wx::examples
