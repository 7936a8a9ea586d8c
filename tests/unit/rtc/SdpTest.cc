#include <gtest/gtest.h>

#include "rtc/Sdp.h"

namespace wx::rtc {
namespace {

struct TrickleCase {
  const char* name;
  std::string in;
  std::string out;
};

// Names the case in test listings instead of dumping its bytes.
void PrintTo(const TrickleCase& c, std::ostream* os) { *os << c.name; }

class RemoveTrickleTest : public ::testing::TestWithParam<TrickleCase> {};

TEST_P(RemoveTrickleTest, RemovesOnlyTheTrickleOption) {
  EXPECT_EQ(removeTrickleOption(GetParam().in), GetParam().out);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RemoveTrickleTest,
    ::testing::Values(
        TrickleCase{"alone", "v=0\r\na=ice-options:trickle\r\na=mid:0\r\n", "v=0\r\na=mid:0\r\n"},
        TrickleCase{"withOthers", "v=0\r\na=ice-options:trickle renomination\r\n",
                    "v=0\r\na=ice-options:renomination\r\n"},
        TrickleCase{"none", "v=0\r\na=mid:0\r\n", "v=0\r\na=mid:0\r\n"},
        TrickleCase{"bareNewlines", "v=0\na=ice-options:trickle\na=mid:0\n", "v=0\r\na=mid:0\r\n"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(RequestOpusStereoTest, AddsStereoToTheOpusFmtpLineOnly) {
  std::string sdp =
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n"
      "a=rtpmap:111 opus/48000/2\r\n"
      "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
      "a=rtpmap:0 PCMU/8000\r\n"
      "a=fmtp:0 something=1\r\n";
  std::string out = requestOpusStereo(sdp);
  EXPECT_NE(out.find("a=fmtp:111 minptime=10;useinbandfec=1;stereo=1\r\n"), std::string::npos);
  EXPECT_NE(out.find("a=fmtp:0 something=1\r\n"), std::string::npos);
  EXPECT_EQ(requestOpusStereo(out), out);  // idempotent
}

// Found by the sdp fuzzer: "sprop-stereo=1" (what the sender sends) held the
// text "stereo=1", so no stereo was asked for; "stereo=0" got a second,
// contradicting "stereo=1".
TEST(RequestOpusStereoTest, SetsTheStereoParameterItselfWhateverElseTheLineSays) {
  const std::string rtpmap = "a=rtpmap:109 opus/48000/2\r\n";
  EXPECT_EQ(requestOpusStereo(rtpmap + "a=fmtp:109 useinbandfec=1;sprop-stereo=1\r\n"),
            rtpmap + "a=fmtp:109 useinbandfec=1;sprop-stereo=1;stereo=1\r\n");
  EXPECT_EQ(requestOpusStereo(rtpmap + "a=fmtp:109 stereo=0;useinbandfec=1\r\n"),
            rtpmap + "a=fmtp:109 stereo=1;useinbandfec=1\r\n");
  EXPECT_EQ(requestOpusStereo(rtpmap + "a=fmtp:109 stereo=0; stereo=1;minptime=10;\r\n"),
            rtpmap + "a=fmtp:109 stereo=1;minptime=10;\r\n");
  EXPECT_EQ(requestOpusStereo(rtpmap + "a=fmtp:109 minptime=10;\r\n"),
            rtpmap + "a=fmtp:109 minptime=10;stereo=1\r\n");
}

}  // namespace
}  // namespace wx::rtc
