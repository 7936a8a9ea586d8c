#pragma once

#include <filesystem>
#include <memory>

#include "Example.h"
#include "record-audio-video-stream/RecordingFiles.h"

namespace wx::examples::record_audio_video_stream {

// The server half (server.cc): records into `files`' directory.
connections::BeforeOffer beforeOffer(std::shared_ptr<RecordingFiles> files);
// The native client half (client.cc).
NativeClient nativeClient();

inline Example example(const std::filesystem::path& recordDir) {
  auto files = std::make_shared<RecordingFiles>(recordDir, "/record-audio-video-stream");
  return {"record-audio-video-stream",
          "Records the audio and video you send into one WebM file (VP8 and Opus) on the "
          "server, with FFmpeg's libraries, even when the picture changes size mid-stream. When "
          "the connection ends the file is finished, the DELETE answer says where it is, and "
          "the page plays it back.",
          beforeOffer(files), nativeClient(),
          [files](rest::Router& router, const std::string&) { files->mount(router); }};
}

}  // namespace wx::examples::record_audio_video_stream
