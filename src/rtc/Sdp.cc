#include "rtc/Sdp.h"

#include <arpa/inet.h>
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
// The payload types whose a=rtpmap names `codec` (any case): "111" for
// "a=rtpmap:111 opus/48000/2".
std::vector<std::string> payloadTypesOf(const std::vector<std::string>& lines,
                                        std::string_view codec) {
  std::vector<std::string> types;
  constexpr std::string_view kPrefix = "a=rtpmap:";
  for (const std::string& line : lines) {
    if (!line.starts_with(kPrefix)) continue;
    auto space = line.find(' ');
    if (space == std::string::npos) continue;
    const std::string name = line.substr(space + 1, line.find('/', space) - space - 1);
    if (name.size() == codec.size() && strncasecmp(name.c_str(), codec.data(), codec.size()) == 0) {
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

// The announced address for `address`'s family, or "" when it is not to be
// replaced (another family without one, loopback, link-local, not an IP).
std::string announcedFor(const std::string& address, const AnnouncedAddresses& announced) {
  unsigned char bytes[16];
  if (inet_pton(AF_INET, address.c_str(), bytes) == 1) {
    if (bytes[0] == 127 || (bytes[0] == 169 && bytes[1] == 254)) return "";
    return announced.ipv4;
  }
  if (inet_pton(AF_INET6, address.c_str(), bytes) == 1) {
    static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (std::equal(bytes, bytes + 16, kLoopback)) return "";
    if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80) return "";
    return announced.ipv6;
  }
  return "";
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
  for (const std::string& pt : payloadTypesOf(lines, "opus")) {
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

size_t countMediaSections(const std::string& sdp) {
  size_t count = 0;
  for (const std::string& line : splitLines(sdp)) count += line.starts_with("m=");
  return count;
}

size_t countAcceptedMediaSections(const std::string& sdp) {
  size_t count = 0;
  for (const std::string& line : splitLines(sdp)) {
    // "m=video 9 UDP/TLS/RTP/SAVPF 96": the port is the second field.
    if (!line.starts_with("m=")) continue;
    const size_t port = line.find(' ');
    count += port != std::string::npos && line.compare(port, 3, " 0 ") != 0;
  }
  return count;
}

namespace {

std::string_view valueAfter(std::string_view line, std::string_view prefix) {
  line.remove_prefix(prefix.size());
  return line;
}

}  // namespace

std::string iceUfrag(const std::string& sdp) {
  for (const std::string& line : splitLines(sdp)) {
    if (line.starts_with("a=ice-ufrag:")) return std::string(valueAfter(line, "a=ice-ufrag:"));
  }
  return {};
}

IceFragment parseIceFragment(const std::string& fragment) {
  IceFragment parsed;
  std::string mid;
  for (const std::string& line : splitLines(fragment)) {
    if (line.starts_with("m=")) {
      mid.clear();
    } else if (line.starts_with("a=mid:")) {
      mid = valueAfter(line, "a=mid:");
    } else if (line.starts_with("a=candidate:")) {
      parsed.candidates.push_back({mid, std::string(valueAfter(line, "a="))});
    } else if (line.starts_with("a=ice-ufrag:") && parsed.ufrag.empty()) {
      parsed.ufrag = valueAfter(line, "a=ice-ufrag:");
    } else if (line.starts_with("a=ice-pwd:") && parsed.pwd.empty()) {
      parsed.pwd = valueAfter(line, "a=ice-pwd:");
    } else if (line == "a=end-of-candidates") {
      parsed.endOfCandidates = true;
    }
  }
  return parsed;
}

size_t countReachableCandidates(const std::string& sdp) {
  size_t count = 0;
  for (const std::string& line : splitLines(sdp)) {
    count += line.starts_with("a=candidate:") && line.find(" tcptype active") == std::string::npos;
  }
  return count;
}

std::string announceAddresses(const std::string& sdp, const AnnouncedAddresses& announced) {
  if (announced.empty()) return sdp;
  std::vector<std::string> out;
  std::vector<std::string> replaced;  // private addresses given away
  for (const std::string& line : splitLines(sdp)) {
    if (!line.starts_with("a=candidate:")) {
      out.push_back(line);
      continue;
    }
    // a=candidate:<foundation> <component> <transport> <priority> <address>
    //   <port> typ <type> ...
    std::istringstream in(line);
    std::vector<std::string> fields;
    for (std::string field; in >> field;) fields.push_back(field);
    std::string publicAddress;
    if (fields.size() >= 8 && fields[6] == "typ" && fields[7] == "host") {
      publicAddress = announcedFor(fields[4], announced);
    }
    if (publicAddress.empty()) {
      out.push_back(line);
      continue;
    }
    replaced.push_back(fields[4]);
    std::vector<std::string> copy = fields;
    copy[4] = publicAddress;
    if (announced.keepPrivate) copy[0] = "a=candidate:a" + copy[0].substr(12);
    std::string rewritten;
    for (const std::string& field : copy) rewritten += (rewritten.empty() ? "" : " ") + field;
    out.push_back(rewritten);
    if (announced.keepPrivate) out.push_back(line);
  }
  // The default address (c=IN IP4 x) follows its candidate.
  for (std::string& line : out) {
    if (!line.starts_with("c=IN IP")) continue;
    std::string address = line.substr(line.rfind(' ') + 1);
    if (std::find(replaced.begin(), replaced.end(), address) == replaced.end()) continue;
    line = line.substr(0, line.rfind(' ') + 1) + announcedFor(address, announced);
  }
  return joinLines(out);
}

bool hasCodec(const std::string& sdp, std::string_view codec) {
  return !payloadTypesOf(splitLines(sdp), codec).empty();
}

std::string preferCodec(const std::string& sdp, std::string_view kind, std::string_view codec) {
  std::vector<std::string> lines = splitLines(sdp);
  const std::vector<std::string> preferred = payloadTypesOf(lines, codec);
  const std::string prefix = "m=" + std::string(kind) + " ";
  for (std::string& line : lines) {
    if (!line.starts_with(prefix)) continue;
    // "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102": media, port, protocol, formats.
    std::istringstream in(line);
    std::vector<std::string> fields;
    for (std::string field; in >> field;) fields.push_back(std::move(field));
    if (fields.size() < 4) continue;
    std::stable_partition(fields.begin() + 3, fields.end(), [&](const std::string& pt) {
      return std::find(preferred.begin(), preferred.end(), pt) != preferred.end();
    });
    line = fields[0];
    for (size_t i = 1; i < fields.size(); ++i) line += " " + fields[i];
  }
  return joinLines(lines);
}

}  // namespace wx::rtc
