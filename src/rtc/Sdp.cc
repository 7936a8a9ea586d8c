#include "rtc/Sdp.h"

#include <strings.h>

#include <algorithm>
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

// `parameters` of an fmtp line ("minptime=10;useinbandfec=1") with one
// "stereo=1" among them: a stereo parameter of another value is set to 1,
// and one is added when there is none. Parameters are compared as libwebrtc
// reads them (split at ';', spaces trimmed), so "sprop-stereo=1" (what the
// sender will send) is not mistaken for it.
std::string withStereo(std::string_view parameters) {
  std::string out;
  bool found = false;
  size_t start = 0;
  while (start <= parameters.size()) {
    size_t end = std::min(parameters.find(';', start), parameters.size());
    std::string_view raw = parameters.substr(start, end - start);
    std::string_view name = raw;
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    const bool isStereo = name.starts_with("stereo=");
    if (!isStereo || !found) {
      if (start > 0) out += ';';
      out += isStereo ? "stereo=1" : raw;
    }
    found = found || isStereo;
    start = end + 1;
  }
  if (!found) {
    if (!out.empty() && out.back() != ';') out += ';';
    out += "stereo=1";
  }
  return out;
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
      if (line.starts_with(prefix)) {
        line = prefix + withStereo(std::string_view(line).substr(prefix.size()));
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
