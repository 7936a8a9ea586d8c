// The flags of the native clients that send a camera and a microphone
// (broadcaster, record-audio-video-stream): --no-audio or --no-video sends
// only the other kind, as a peer with no microphone or no camera does.
#pragma once

#include <CLI/CLI.hpp>

namespace wx::examples {

struct MediaKindOptions {
  bool noAudio = false;
  bool noVideo = false;

  bool audio() const { return !noAudio; }
  bool video() const { return !noVideo; }
  // "audio and video", "audio only" or "video only", for messages.
  const char* describe() const {
    return noVideo ? "audio only" : noAudio ? "video only" : "audio and video";
  }

  void addTo(CLI::App& command) {
    CLI::Option* audio =
        command.add_flag("--no-audio", noAudio, "send no audio, as a peer with no microphone");
    CLI::Option* video =
        command.add_flag("--no-video", noVideo, "send no video, as a peer with no camera");
    audio->excludes(video);
  }
};

}  // namespace wx::examples
