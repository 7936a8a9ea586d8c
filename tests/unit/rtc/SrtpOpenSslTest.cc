// SRTP on OpenSSL (SrtpOpenSsl.h): libsrtp takes our AES-ICM-128 and
// HMAC-SHA1, and what they protect is byte for byte what libsrtp's own
// (Debian's NSS build) protects, both ways, for RTP and RTCP and both tag
// lengths. Each test case runs in a process of its own (gtest_discover_tests),
// so the replacement starts from libsrtp's own types.
#include <gtest/gtest.h>
#include <srtp2/auth.h>
#include <srtp2/cipher.h>
#include <srtp2/srtp.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "rtc/SrtpOpenSsl.h"

// Exported by libsrtp, not declared in its installed headers.
extern "C" {
const srtp_cipher_type_t* srtp_crypto_kernel_get_cipher_type(srtp_cipher_type_id_t id);
const srtp_auth_type_t* srtp_crypto_kernel_get_auth_type(srtp_auth_type_id_t id);
}

namespace wx::rtc {
namespace {

using Bytes = std::vector<uint8_t>;
constexpr uint32_t kSsrc = 0x11223344;

std::array<uint8_t, 30> masterKey() {
  std::array<uint8_t, 30> key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(7 * i + 3);
  return key;
}

// One SRTP session for kSsrc, `outbound` or inbound, AES_CM_128 with an
// 80- or 32-bit tag on RTP (RTCP always 80, RFC 3711 / RFC 5764).
class Session {
 public:
  Session(bool outbound, bool shortTag) {
    srtp_policy_t policy;
    std::memset(&policy, 0, sizeof policy);
    if (shortTag) {
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp);
    } else {
      srtp_crypto_policy_set_rtp_default(&policy.rtp);
    }
    srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key_.data();
    policy.window_size = 128;
    EXPECT_EQ(srtp_create(&session_, &policy), srtp_err_status_ok);
  }
  ~Session() { srtp_dealloc(session_); }

  Bytes protect(Bytes packet, bool rtcp) {
    packet.resize(packet.size() + SRTP_MAX_TRAILER_LEN);
    int length = static_cast<int>(packet.size() - SRTP_MAX_TRAILER_LEN);
    EXPECT_EQ(rtcp ? srtp_protect_rtcp(session_, packet.data(), &length)
                   : srtp_protect(session_, packet.data(), &length),
              srtp_err_status_ok);
    packet.resize(static_cast<size_t>(length));
    return packet;
  }
  srtp_err_status_t unprotect(Bytes& packet, bool rtcp) {
    int length = static_cast<int>(packet.size());
    const srtp_err_status_t status = rtcp ? srtp_unprotect_rtcp(session_, packet.data(), &length)
                                          : srtp_unprotect(session_, packet.data(), &length);
    packet.resize(static_cast<size_t>(length));
    return status;
  }

 private:
  std::array<uint8_t, 30> key_ = masterKey();
  srtp_t session_ = nullptr;
};

Bytes rtpPacket(uint16_t sequence) {
  Bytes p = {0x80,
             96,
             static_cast<uint8_t>(sequence >> 8),
             static_cast<uint8_t>(sequence),
             0,
             0,
             0x0b,
             0xb8,
             0x11,
             0x22,
             0x33,
             0x44};
  for (int i = 0; i < 1000; ++i) p.push_back(static_cast<uint8_t>(i * 13 + sequence));
  return p;
}

Bytes rtcpReceiverReport() {
  Bytes p = {0x81, 201, 0, 7, 0x11, 0x22, 0x33, 0x44};
  for (int i = 0; i < 24; ++i) p.push_back(static_cast<uint8_t>(i));
  return p;
}

struct Protected {
  std::vector<Bytes> rtp;
  Bytes rtcp;
};

// Three RTP packets and an RTCP packet, protected by a fresh session.
Protected protectSome(bool shortTag) {
  Session sender(true, shortTag);
  Protected out;
  for (uint16_t sequence : {1, 2, 40000})
    out.rtp.push_back(sender.protect(rtpPacket(sequence), false));
  out.rtcp = sender.protect(rtcpReceiverReport(), true);
  return out;
}

// Unprotects what `theirs` holds with a fresh session, expecting every
// packet back as it was sent.
void expectUnprotects(const Protected& theirs, bool shortTag) {
  Session receiver(false, shortTag);
  const uint16_t sequences[] = {1, 2, 40000};
  for (size_t i = 0; i < theirs.rtp.size(); ++i) {
    Bytes packet = theirs.rtp[i];
    ASSERT_EQ(receiver.unprotect(packet, false), srtp_err_status_ok) << i;
    EXPECT_EQ(packet, rtpPacket(sequences[i])) << i;
  }
  Bytes rtcp = theirs.rtcp;
  ASSERT_EQ(receiver.unprotect(rtcp, true), srtp_err_status_ok);
  EXPECT_EQ(rtcp, rtcpReceiverReport());
}

class SrtpOpenSslTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { ASSERT_EQ(srtp_init(), srtp_err_status_ok); }
};

TEST_P(SrtpOpenSslTest, ProtectsAsLibsrtpsOwnCiphersDoBothWays) {
  const bool shortTag = GetParam();
  ASSERT_EQ(std::string(srtp_crypto_kernel_get_cipher_type(SRTP_AES_ICM_128)->description)
                .find("OpenSSL"),
            std::string::npos);
  const Protected theirs = protectSome(shortTag);

  ASSERT_TRUE(useOpenSslForSrtp());
  EXPECT_NE(std::string(srtp_crypto_kernel_get_cipher_type(SRTP_AES_ICM_128)->description)
                .find("OpenSSL"),
            std::string::npos);
  EXPECT_NE(
      std::string(srtp_crypto_kernel_get_auth_type(SRTP_HMAC_SHA1)->description).find("OpenSSL"),
      std::string::npos);
  const Protected ours = protectSome(shortTag);
  EXPECT_EQ(ours.rtp, theirs.rtp);
  EXPECT_EQ(ours.rtcp, theirs.rtcp);
  expectUnprotects(theirs, shortTag);
  expectUnprotects(ours, shortTag);
}

TEST_P(SrtpOpenSslTest, RefusesAPacketWhoseTagOrPayloadChanged) {
  const bool shortTag = GetParam();
  ASSERT_TRUE(useOpenSslForSrtp());
  const Protected ours = protectSome(shortTag);
  for (size_t at : {size_t{20}, ours.rtp[0].size() - 1}) {
    Session receiver(false, shortTag);
    Bytes packet = ours.rtp[0];
    packet[at] ^= 1;
    EXPECT_EQ(receiver.unprotect(packet, false), srtp_err_status_auth_fail) << at;
  }
  Session receiver(false, shortTag);
  Bytes rtcp = ours.rtcp;
  rtcp[10] ^= 0x80;
  EXPECT_EQ(receiver.unprotect(rtcp, true), srtp_err_status_auth_fail);
}

INSTANTIATE_TEST_SUITE_P(TagLengths, SrtpOpenSslTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Sha1_32" : "Sha1_80"; });

}  // namespace
}  // namespace wx::rtc
