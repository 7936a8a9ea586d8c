// Fuzz target `sdp`: our SDP rewrites (src/rtc/Sdp.cc) on any text, checked
// against what they promise. An answer's SDP reaches removeTrickleOption and
// countCandidates straight from a client; requestOpusStereo runs on our
// native client's answers.
//
// Input: SDP text, any bytes. Corpus: tests/fuzz/corpus/sdp/.
#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/FuzzTarget.h"
#include "rtc/Sdp.h"

namespace wx::fuzz {
namespace {

// Lines as libwebrtc's parser sees them: split at '\n', one '\r' dropped.
std::vector<std::string> lines(const std::string& sdp) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < sdp.size()) {
    size_t end = std::min(sdp.find('\n', start), sdp.size());
    std::string line = sdp.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

std::vector<std::string> words(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// "a=candidate:" at the start of the text or right after a '\n', counted
// without splitting into lines: a second opinion for countCandidates.
size_t candidateLines(const std::string& sdp) {
  constexpr std::string_view kCandidate = "a=candidate:";
  size_t count = sdp.starts_with(kCandidate);
  for (size_t at = sdp.find('\n'); at != std::string::npos; at = sdp.find('\n', at + 1)) {
    count += std::string_view(sdp).substr(at + 1).starts_with(kCandidate);
  }
  return count;
}

// Every line ends in "\r\n", and nothing else ends a line.
bool isCrlfText(const std::string& sdp) {
  if (!sdp.empty() && !sdp.ends_with("\r\n")) return false;
  for (size_t at = sdp.find('\n'); at != std::string::npos; at = sdp.find('\n', at + 1)) {
    if (at == 0 || sdp[at - 1] != '\r') return false;
  }
  return true;
}

bool isIceOptions(const std::string& line) { return line.starts_with("a=ice-options:"); }

void checkRemoveTrickleOption(const std::string& sdp) {
  const std::string out = rtc::removeTrickleOption(sdp);
  FUZZ_CHECK(isCrlfText(out));
  FUZZ_CHECK(rtc::removeTrickleOption(out) == out);  // idempotent
  FUZZ_CHECK(rtc::countCandidates(out) == rtc::countCandidates(sdp));
  for (const std::string& line : lines(out)) {
    FUZZ_CHECK(!line.empty());
    if (!isIceOptions(line)) continue;
    const auto options = words(std::string_view(line).substr(14));
    FUZZ_CHECK(!options.empty());
    FUZZ_CHECK(std::find(options.begin(), options.end(), "trickle") == options.end());
  }
  // Every other line survives, in order and unchanged.
  auto others = [](std::vector<std::string> all) {
    std::erase_if(all, [](const std::string& l) { return l.empty() || isIceOptions(l); });
    return all;
  };
  FUZZ_CHECK(others(lines(out)) == others(lines(sdp)));
}

// The parameters of an fmtp line ("a=fmtp:111 minptime=10;stereo=1"), as
// libwebrtc reads them: split at ';', spaces around each trimmed.
std::vector<std::string> fmtpParameters(std::string_view parameters) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= parameters.size()) {
    size_t end = std::min(parameters.find(';', start), parameters.size());
    std::string_view p = parameters.substr(start, end - start);
    while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
    while (!p.empty() && p.back() == ' ') p.remove_suffix(1);
    out.emplace_back(p);
    start = end + 1;
  }
  return out;
}

bool isOpusRtpmap(const std::string& line, std::string& payloadType) {
  constexpr std::string_view kPrefix = "a=rtpmap:";
  if (!line.starts_with(kPrefix)) return false;
  size_t space = line.find(' ');
  if (space == std::string::npos) return false;
  std::string codec = line.substr(space + 1, 5);
  std::transform(codec.begin(), codec.end(), codec.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (codec != "opus/") return false;
  payloadType = line.substr(kPrefix.size(), space - kPrefix.size());
  return true;
}

void checkRequestOpusStereo(const std::string& sdp) {
  const std::string out = rtc::requestOpusStereo(sdp);
  FUZZ_CHECK(isCrlfText(out));
  FUZZ_CHECK(rtc::requestOpusStereo(out) == out);  // idempotent
  FUZZ_CHECK(rtc::countCandidates(out) == rtc::countCandidates(sdp));
  const std::vector<std::string> before = lines(sdp);
  const std::vector<std::string> after = lines(out);
  FUZZ_CHECK(before.size() == after.size());  // lines are edited, never added or dropped
  std::vector<std::string> opus;
  for (const std::string& line : after) {
    if (std::string pt; isOpusRtpmap(line, pt)) opus.push_back(pt);
  }
  for (size_t i = 0; i < after.size(); ++i) {
    const bool isOpusFmtp = std::any_of(opus.begin(), opus.end(), [&](const std::string& pt) {
      return after[i].starts_with("a=fmtp:" + pt + " ");
    });
    if (!isOpusFmtp) {
      FUZZ_CHECK(after[i] == before[i]);
      continue;
    }
    // An Opus fmtp line asks for stereo exactly once, and says nothing else
    // about "stereo"; every other parameter stays as it was.
    auto parametersOf = [](const std::string& line) {
      return fmtpParameters(std::string_view(line).substr(line.find(' ') + 1));
    };
    size_t stereo = 0;
    for (const std::string& p : parametersOf(after[i])) {
      if (p.starts_with("stereo=")) {
        FUZZ_CHECK(p == "stereo=1");
        ++stereo;
      }
    }
    FUZZ_CHECK(stereo == 1);
    auto others = [](std::vector<std::string> parameters) {
      std::erase_if(parameters,
                    [](const std::string& p) { return p.empty() || p.starts_with("stereo="); });
      return parameters;
    };
    FUZZ_CHECK(others(parametersOf(after[i])) == others(parametersOf(before[i])));
  }
}

}  // namespace

int fuzzSdp(const uint8_t* data, size_t size) {
  const std::string sdp(reinterpret_cast<const char*>(data), size);
  FUZZ_CHECK(rtc::countCandidates(sdp) == candidateLines(sdp));
  checkRemoveTrickleOption(sdp);
  checkRequestOpusStereo(sdp);
  return 0;
}

}  // namespace wx::fuzz

WX_FUZZ_ENTRY(wx::fuzz::fuzzSdp)
