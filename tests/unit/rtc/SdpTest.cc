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

namespace wx::rtc {
namespace {

const std::string kHostOffer =
    "v=0\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 10.0.0.5\r\n"
    "a=candidate:1 1 udp 2122260223 10.0.0.5 50000 typ host generation 0\r\n"
    "a=candidate:2 1 tcp 1518280447 10.0.0.5 50001 typ host tcptype passive generation 0\r\n"
    "a=candidate:3 1 udp 2122197247 2001:db8::5 50002 typ host generation 0\r\n"
    "a=candidate:4 1 udp 2122129151 127.0.0.1 50003 typ host generation 0\r\n"
    "a=candidate:5 1 udp 2122136831 fe80::1 50004 typ host generation 0\r\n"
    "a=candidate:6 1 udp 1686052607 198.51.100.1 50005 typ srflx raddr 10.0.0.5 rport 50000\r\n";

TEST(AnnounceAddressesTest, HostCandidatesOfTheFamilyTakeTheAnnouncedAddressAndKeepTheirPort) {
  std::string sdp = announceAddresses(kHostOffer, {"203.0.113.7", "", false});
  EXPECT_NE(sdp.find("a=candidate:1 1 udp 2122260223 203.0.113.7 50000 typ host generation 0\r\n"),
            std::string::npos);
  EXPECT_NE(sdp.find("a=candidate:2 1 tcp 1518280447 203.0.113.7 50001 typ host tcptype passive"),
            std::string::npos);
  EXPECT_NE(sdp.find("c=IN IP4 203.0.113.7\r\n"), std::string::npos);
  EXPECT_EQ(sdp.find("10.0.0.5 5000"), std::string::npos);  // the private ones are gone
  // No IPv6 announced: IPv6 stays; loopback, link-local and srflx always do.
  EXPECT_NE(sdp.find(" 2001:db8::5 50002 typ host"), std::string::npos);
  EXPECT_NE(sdp.find(" 127.0.0.1 50003 typ host"), std::string::npos);
  EXPECT_NE(sdp.find(" fe80::1 50004 typ host"), std::string::npos);
  EXPECT_NE(sdp.find(" 198.51.100.1 50005 typ srflx raddr 10.0.0.5 rport 50000"),
            std::string::npos);
  EXPECT_EQ(countCandidates(sdp), 6u);
}

TEST(AnnounceAddressesTest, KeepPrivateAddsTheAnnouncedCandidateBesideThePrivateOne) {
  std::string sdp = announceAddresses(kHostOffer, {"203.0.113.7", "2001:db8::77", true});
  EXPECT_EQ(countCandidates(sdp), 9u);
  EXPECT_NE(sdp.find("a=candidate:a1 1 udp 2122260223 203.0.113.7 50000 typ host"),
            std::string::npos);
  EXPECT_NE(sdp.find("a=candidate:1 1 udp 2122260223 10.0.0.5 50000 typ host"), std::string::npos);
  EXPECT_NE(sdp.find("a=candidate:a3 1 udp 2122197247 2001:db8::77 50002 typ host"),
            std::string::npos);
  EXPECT_NE(sdp.find("c=IN IP4 203.0.113.7\r\n"), std::string::npos);
}

TEST(AnnounceAddressesTest, NothingAnnouncedChangesNothing) {
  EXPECT_EQ(announceAddresses(kHostOffer, {}), kHostOffer);
}

TEST(CountReachableCandidatesTest, ActiveTcpCandidatesCannotBeReached) {
  const std::string sdp =
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      "a=candidate:1 1 tcp 1518083839 127.0.0.1 9 typ host tcptype active generation 0\r\n"
      "a=mid:0\r\n";
  EXPECT_EQ(countCandidates(sdp), 1u);
  EXPECT_EQ(countReachableCandidates(sdp), 0u);
  const std::string passive =
      sdp + "a=candidate:2 1 tcp 1518214912 127.0.0.1 40001 typ host tcptype passive\r\n" +
      "a=candidate:3 1 udp 2122194688 127.0.0.1 40002 typ host generation 0\r\n";
  EXPECT_EQ(countReachableCandidates(passive), 2u);
}

constexpr const char* kOfferedVideo =
    "v=0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103\r\n"
    "a=rtpmap:96 VP8/90000\r\n"
    "a=rtpmap:97 rtx/90000\r\n"
    "a=rtpmap:102 H264/90000\r\n"
    "a=rtpmap:103 h264/90000\r\n"
    "m=video 0 UDP/TLS/RTP/SAVPF 96\r\n";

TEST(PreferCodecTest, MovesTheCodecsPayloadTypesFirstInSectionsOfThatKind) {
  const std::string preferred = preferCodec(kOfferedVideo, "video", "H264");
  EXPECT_NE(preferred.find("m=video 9 UDP/TLS/RTP/SAVPF 102 103 96 97\r\n"), std::string::npos)
      << preferred;
  EXPECT_NE(preferred.find("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"), std::string::npos);
  EXPECT_NE(preferred.find("m=video 0 UDP/TLS/RTP/SAVPF 96\r\n"), std::string::npos);
  EXPECT_EQ(preferCodec(kOfferedVideo, "video", "AV1"), kOfferedVideo);
}

TEST(HasCodecTest, ReadsRtpmapNamesInAnyCase) {
  EXPECT_TRUE(hasCodec(kOfferedVideo, "vp8"));
  EXPECT_TRUE(hasCodec(kOfferedVideo, "OPUS"));
  EXPECT_FALSE(hasCodec(kOfferedVideo, "VP9"));
  EXPECT_FALSE(hasCodec(kOfferedVideo, "VP"));
}

TEST(MediaSectionsTest, CountsSectionsAndThoseNotRejected) {
  EXPECT_EQ(countMediaSections(kOfferedVideo), 3u);
  EXPECT_EQ(countAcceptedMediaSections(kOfferedVideo), 2u);
}

TEST(IceFragmentTest, ReadsCredentialsAndEachCandidateWithItsSectionsMid) {
  const IceFragment fragment = parseIceFragment(
      "a=ice-ufrag:EsAw\r\n"
      "a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n"
      "a=candidate:1 1 udp 1 10.0.0.1 9 typ host\r\n"
      "m=audio 9 RTP/AVP 0\r\n"
      "a=mid:0\r\n"
      "a=candidate:2 1 udp 2 10.0.0.2 9 typ host\r\n"
      "m=video 9 RTP/AVP 0\r\n"
      "a=mid:1\r\n"
      "a=candidate:3 1 udp 3 10.0.0.3 9 typ host\r\n"
      "a=end-of-candidates\r\n");
  EXPECT_EQ(fragment.ufrag, "EsAw");
  EXPECT_EQ(fragment.pwd, "P2uYro0UCOQ4zxjKXaWCBui1");
  ASSERT_EQ(fragment.candidates.size(), 3u);
  EXPECT_EQ(fragment.candidates[0].mid, "");  // before any section: the caller refuses it
  EXPECT_EQ(fragment.candidates[1].mid, "0");
  EXPECT_EQ(fragment.candidates[1].candidate, "candidate:2 1 udp 2 10.0.0.2 9 typ host");
  EXPECT_EQ(fragment.candidates[2].mid, "1");
  EXPECT_TRUE(fragment.endOfCandidates);
  EXPECT_EQ(iceUfrag("v=0\r\na=ice-ufrag:abc\r\na=ice-ufrag:def\r\n"), "abc");
}

}  // namespace
}  // namespace wx::rtc
