// The candidate summaries of the "did not connect" log line.
#include <gtest/gtest.h>

#include "connections/IceDiagnostics.h"

namespace wx::connections {
namespace {

TEST(IceDiagnosticsTest, SummarizesEachKindOfCandidateOnce) {
  const std::string sdp =
      "v=0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
      "a=candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host generation 0\r\n"
      "a=candidate:1 2 udp 2122260222 192.0.2.1 50001 typ host generation 0\r\n"
      "a=candidate:2 1 tcp 1518280447 192.0.2.1 9 typ host tcptype passive generation 0\r\n"
      "a=candidate:3 1 UDP 1686052607 198.51.100.7 61000 typ srflx raddr 10.0.0.2 rport 50000\r\n"
      "a=candidate:4 1 udp 41885439 203.0.113.9 3478 typ relay raddr 0.0.0.0 rport 0\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
      // BUNDLE repeats the candidates in every section: listed once.
      "a=candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host generation 0\r\n"
      "a=candidate:x 1 udp\r\n"  // cut short: skipped
      "a=candidate:5 1 udp 2122260223 abcd-1234.local 50002 typ host\n";
  EXPECT_EQ(summarizeCandidates(sdp), (std::vector<std::string>{
                                          "udp 192.0.2.1:50000 host",
                                          "tcp 192.0.2.1:9 host passive",
                                          "udp 198.51.100.7:61000 srflx from 10.0.0.2:50000",
                                          "udp 203.0.113.9:3478 relay",
                                          "udp abcd-1234.local:50002 host",
                                      }));
}

TEST(IceDiagnosticsTest, NoCandidatesIsNone) {
  EXPECT_TRUE(summarizeCandidates("v=0\r\nm=application 9 UDP/DTLS/SCTP\r\n").empty());
  EXPECT_EQ(joinForLog({}), "none");
}

TEST(IceDiagnosticsTest, JoinEscapesWhatAPeerSent) {
  EXPECT_EQ(joinForLog({"udp 1.2.3.4:5 host", "udp \x1b[31mred:1 host"}),
            "[udp 1.2.3.4:5 host, udp \\x1b[31mred:1 host]");
}

}  // namespace
}  // namespace wx::connections
