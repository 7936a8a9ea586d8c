// The record directory as the server shows it: GET PREFIX/recordings lists
// the files, GET PREFIX/recordings/NAME downloads one (video/webm). Only
// plain names of files directly inside the directory are served: anything
// with a slash, a leading dot or another character is refused with 400, an
// unknown name gets 404, both as JSON errors.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "rest/Http.h"

namespace wx::examples::record_audio_video_stream {

class RecordingFiles {
 public:
  RecordingFiles(std::filesystem::path dir, std::string prefix)
      : dir_(std::move(dir)), prefix_(std::move(prefix)) {}

  // {"file": NAME, "url": PREFIX/recordings/NAME}
  nlohmann::json describe(const std::string& name) const;
  // A fresh path for a new recording, creating the directory if missing.
  std::filesystem::path newFile() const;
  // NAME's path if NAME is a plain name of a file in the directory.
  static bool isPlainName(const std::string& name);

  void mount(rest::Router& router) const;

 private:
  std::filesystem::path dir_;
  std::string prefix_;
};

}  // namespace wx::examples::record_audio_video_stream
