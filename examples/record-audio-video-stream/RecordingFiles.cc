#include "record-audio-video-stream/RecordingFiles.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "connections/Uuid.h"

namespace wx::examples::record_audio_video_stream {
namespace {

void sendError(httplib::Response& res, int status, const std::string& why) {
  spdlog::warn("recordings: {} {}", status, why);
  res.status = status;
  res.set_content(nlohmann::json{{"error", why}}.dump(), "application/json");
}

}  // namespace

bool RecordingFiles::isPlainName(const std::string& name) {
  static const std::regex plain("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  return std::regex_match(name, plain);
}

nlohmann::json RecordingFiles::describe(const std::string& name) const {
  return {{"file", name}, {"url", prefix_ + "/recordings/" + name}};
}

std::filesystem::path RecordingFiles::newFile() const {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);  // a failure shows when writing
  return dir_ / (connections::makeUuidV4() + ".webm");
}

void RecordingFiles::mount(httplib::Server& http) const {
  std::error_code error;
  if (!std::filesystem::create_directories(dir_, error) && error) {
    spdlog::warn("cannot create the record directory {}: {}", dir_.string(), error.message());
  }
  http.Get(prefix_ + "/recordings", [this](const httplib::Request&, httplib::Response& res) {
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
    res.set_content(all.dump(), "application/json");
  });
  // Any path below: the handler decides, so a bad name gets a JSON error.
  http.Get(prefix_ + "/recordings/(.*)",
           [this](const httplib::Request& req, httplib::Response& res) {
             const std::string name = req.matches[1];
             if (!isPlainName(name)) return sendError(res, 400, "not a recording name: " + name);
             const std::filesystem::path path = dir_ / name;
             std::error_code error;
             if (!std::filesystem::is_regular_file(path, error)) {
               return sendError(res, 404, "no recording named " + name);
             }
             std::ifstream file(path, std::ios::binary);
             std::ostringstream bytes;
             bytes << file.rdbuf();
             res.set_content(bytes.str(), "video/webm");
           });
}

}  // namespace wx::examples::record_audio_video_stream
