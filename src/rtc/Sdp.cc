#include "rtc/Sdp.h"

#include <strings.h>

#include <sstream>
#include <string_view>
#include <vector>

namespace wx::rtc {
namespace {

std::vector<std::string> splitLines(const std::string& sdp) {
  std::vector<std::string> lines;
  std::istringstream in(sdp);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string sdp;
  for (const std::string& line : lines) sdp += line + "\r\n";
  return sdp;
}

// The payload types of Opus, from lines like "a=rtpmap:111 opus/48000/2".
std::vector<std::string> opusPayloadTypes(const std::vector<std::string>& lines) {
  std::vector<std::string> types;
  constexpr std::string_view kPrefix = "a=rtpmap:";
  for (const std::string& line : lines) {
    if (!line.starts_with(kPrefix)) continue;
    auto space = line.find(' ');
    if (space == std::string::npos) continue;
    std::string codec = line.substr(space + 1);
    if (codec.size() >= 5 && strncasecmp(codec.c_str(), "opus/", 5) == 0) {
      types.push_back(line.substr(kPrefix.size(), space - kPrefix.size()));
    }
  }
  return types;
}

}  // namespace

std::string removeTrickleOption(const std::string& sdp) {
  constexpr std::string_view kPrefix = "a=ice-options:";
  std::vector<std::string> lines = splitLines(sdp);
  for (std::string& line : lines) {
    if (!line.starts_with(kPrefix)) continue;
    // Keep any other ICE option on the line ("a=ice-options:trickle renomination").
    std::istringstream options(line.substr(kPrefix.size()));
    std::string kept;
    for (std::string option; options >> option;) {
      if (option != "trickle") kept += (kept.empty() ? "" : " ") + option;
    }
    line = kept.empty() ? std::string() : std::string(kPrefix) + kept;
  }
  std::erase_if(lines, [](const std::string& line) { return line.empty(); });
  return joinLines(lines);
}

std::string requestOpusStereo(const std::string& sdp) {
  std::vector<std::string> lines = splitLines(sdp);
  for (const std::string& pt : opusPayloadTypes(lines)) {
    const std::string prefix = "a=fmtp:" + pt + " ";
    for (std::string& line : lines) {
      if (line.starts_with(prefix) && line.find("stereo=1") == std::string::npos) {
        line += ";stereo=1";
      }
    }
  }
  return joinLines(lines);
}

}  // namespace wx::rtc

namespace wx::rtc {

size_t countCandidates(const std::string& sdp) {
  size_t count = 0;
  for (const std::string& line : splitLines(sdp)) count += line.starts_with("a=candidate:");
  return count;
}

}  // namespace wx::rtc
