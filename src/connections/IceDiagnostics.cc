#include "connections/IceDiagnostics.h"

#include <algorithm>
#include <sstream>

#include "common/Log.h"

namespace wx::connections {

std::vector<std::string> summarizeCandidates(const std::string& sdp) {
  std::vector<std::string> summaries;
  std::istringstream lines(sdp);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    constexpr std::string_view kPrefix = "a=candidate:";
    if (!line.starts_with(kPrefix)) continue;
    // foundation component transport priority address port "typ" type
    // [raddr A rport P] [tcptype T] [extensions...]
    std::istringstream fields(line.substr(kPrefix.size()));
    std::string foundation, component, transport, priority, address, port, typ, type;
    if (!(fields >> foundation >> component >> transport >> priority >> address >> port >> typ >>
          type) ||
        typ != "typ" || component != "1") {
      continue;
    }
    std::transform(transport.begin(), transport.end(), transport.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string summary = transport + " " + address + ":" + port + " " + type;
    std::string key, value, relatedAddress, relatedPort, tcpType;
    while (fields >> key >> value) {
      if (key == "raddr") relatedAddress = value;
      if (key == "rport") relatedPort = value;
      if (key == "tcptype") tcpType = value;
    }
    if (!tcpType.empty()) summary += " " + tcpType;
    // A reflexive or relayed candidate's base (libwebrtc hides it as 0.0.0.0).
    if (!relatedAddress.empty() && relatedAddress != "0.0.0.0" && relatedAddress != "::") {
      summary += " from " + relatedAddress + ":" + relatedPort;
    }
    if (std::find(summaries.begin(), summaries.end(), summary) == summaries.end()) {
      summaries.push_back(std::move(summary));
    }
  }
  return summaries;
}

std::string joinForLog(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string joined = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) joined += ", ";
    joined += common::escapeForLog(items[i]);
  }
  return joined + "]";
}

}  // namespace wx::connections
