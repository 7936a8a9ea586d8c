#include "record-audio-video-stream/RecordingFiles.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "connections/Uuid.h"

namespace wx::examples::record_audio_video_stream {

bool RecordingFiles::isPlainName(const std::string& name) {
  // [A-Za-z0-9][A-Za-z0-9._-]{0,127}
  if (name.empty() || name.size() > 128 || !std::isalnum(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

nlohmann::json RecordingFiles::describe(const std::string& name) const {
  return {{"file", name}, {"url", prefix_ + "/recordings/" + name}};
}

std::filesystem::path RecordingFiles::newFile() const {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);  // a failure shows when writing
  return dir_ / (connections::makeUuidV4() + ".webm");
}

void RecordingFiles::mount(rest::Router& router) const {
  std::error_code error;
  if (!std::filesystem::create_directories(dir_, error) && error) {
    spdlog::warn("cannot create the record directory {}: {}", dir_.string(), error.message());
  }
  router.add("GET", prefix_ + "/recordings", [this](const rest::HttpRequest&) {
    nlohmann::json all = nlohmann::json::array();
    std::error_code error;
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, error)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && isPlainName(name) && name.ends_with(".webm")) {
        names.push_back(name);
      }
    }
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) all.push_back(describe(name));
    return rest::jsonResponse(all);
  });
  // Any path below: the handler decides, so a bad name gets a JSON error.
  router.add("GET", prefix_ + "/recordings/*", [this](const rest::HttpRequest& request) {
    const std::string& name = request.params.at(0);
    if (!isPlainName(name)) throw rest::HttpError(400, "not a recording name: " + name);
    const std::filesystem::path path = dir_ / name;
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      throw rest::HttpError(404, "no recording named " + name);
    }
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return rest::HttpResponse{200, "video/webm", bytes.str(), {}};
  });
}

}  // namespace wx::examples::record_audio_video_stream
