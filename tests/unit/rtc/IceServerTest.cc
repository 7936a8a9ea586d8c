#include <gtest/gtest.h>

#include <stdexcept>

#include "rtc/IceServer.h"

namespace wx::rtc {
namespace {

TEST(ParseIceServerTest, ReadsStunAndTurnWithCredentialsAndTransport) {
  IceServer stun = parseIceServer("stun:stun.example.org:3478");
  EXPECT_EQ(stun.urls, std::vector<std::string>{"stun:stun.example.org:3478"});
  EXPECT_EQ(stun.username, "");
  IceServer turn = parseIceServer("turn:alice:s3cr:et@198.51.100.1:3478?transport=tcp");
  EXPECT_EQ(turn.urls, std::vector<std::string>{"turn:198.51.100.1:3478?transport=tcp"});
  EXPECT_EQ(turn.username, "alice");
  EXPECT_EQ(turn.credential, "s3cr:et");
  EXPECT_EQ(parseIceServer("turns:a:b@[2001:db8::1]:5349").urls,
            std::vector<std::string>{"turns:[2001:db8::1]:5349"});
}

TEST(ParseIceServerTest, RefusesWhatABrowserWouldRefuseWithTheReason) {
  for (const char* text : {"http://x", "stun:", "stun:u:p@host", "turn:host", "turn::p@host",
                           "stun:host?transport=tcp", "turn:u:p@host?transport=sctp",
                           "turn:u:p@ho st", "turn:u:p@host/path"}) {
    EXPECT_THROW(parseIceServer(text), std::invalid_argument) << text;
  }
  try {
    parseIceServer("turn:host:3478");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("USER:CREDENTIAL@"), std::string::npos);
  }
}

}  // namespace
}  // namespace wx::rtc
