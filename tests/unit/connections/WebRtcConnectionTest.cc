// WebRtcConnection's timers, driven by hand (the seed's four cases and more).
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <future>
#include <sstream>

#include "connections/ConnectionError.h"
#include "connections/WebRtcConnection.h"
#include "unit/connections/FakePeerConnection.h"
#include "unit/connections/FakeScheduler.h"

namespace wx::connections {
namespace {

using namespace std::chrono_literals;
using rtc::IceConnectionState;
using rtc::PeerConnectionState;
using testing::FakePeerConnection;
using testing::FakeScheduler;

class WebRtcConnectionTest : public ::testing::Test {
 protected:
  std::shared_ptr<WebRtcConnection> makeConnection() {
    auto connection = WebRtcConnection::create("id", pc, scheduler, options);
    connection->doOffer(nullptr);
    return connection;
  }

  WebRtcConnectionOptions options{10s, 3s, 10s};
  FakeScheduler scheduler;
  std::shared_ptr<FakePeerConnection> pc = std::make_shared<FakePeerConnection>();
};

TEST_F(WebRtcConnectionTest, ConnectTimerClosesAConnectionThatNeverConnects) {
  auto connection = makeConnection();
  scheduler.advance(9999ms);
  EXPECT_FALSE(connection->isClosed());
  scheduler.advance(1ms);
  EXPECT_TRUE(connection->isClosed());
  EXPECT_TRUE(pc->closed);
}

TEST_F(WebRtcConnectionTest, ConnectingCancelsTheConnectTimer) {
  auto connection = makeConnection();
  pc->emitConnectionState(PeerConnectionState::Connecting);
  pc->emitConnectionState(PeerConnectionState::Connected);
  EXPECT_EQ(scheduler.pending(), 0u);
  scheduler.advance(60s);
  EXPECT_FALSE(connection->isClosed());
}

// ICE answers STUN, but DTLS never completes: the connect timer still runs.
TEST_F(WebRtcConnectionTest, IceAloneDoesNotCancelTheConnectTimer) {
  auto connection = makeConnection();
  pc->emitIceState(IceConnectionState::Connected);
  pc->emitConnectionState(PeerConnectionState::Connecting);
  scheduler.advance(9999ms);
  EXPECT_FALSE(connection->isClosed());
  scheduler.advance(1ms);
  EXPECT_TRUE(connection->isClosed());
}

TEST_F(WebRtcConnectionTest, ReconnectTimerClosesAfterADisconnect) {
  auto connection = makeConnection();
  pc->emitConnectionState(PeerConnectionState::Connected);
  pc->emitConnectionState(PeerConnectionState::Disconnected);
  scheduler.advance(9999ms);
  EXPECT_FALSE(connection->isClosed());
  scheduler.advance(1ms);
  EXPECT_TRUE(connection->isClosed());
}

TEST_F(WebRtcConnectionTest, ReconnectingCancelsTheReconnectTimer) {
  auto connection = makeConnection();
  pc->emitConnectionState(PeerConnectionState::Connected);
  pc->emitConnectionState(PeerConnectionState::Failed);
  scheduler.advance(5s);
  pc->emitConnectionState(PeerConnectionState::Connected);
  scheduler.advance(60s);
  EXPECT_FALSE(connection->isClosed());
}

TEST_F(WebRtcConnectionTest, DisconnectDuringTheConnectTimerLeavesItInCharge) {
  auto connection = makeConnection();
  pc->emitConnectionState(PeerConnectionState::Disconnected);
  EXPECT_EQ(scheduler.pending(), 1u);  // only the connect timer
  scheduler.advance(10s);
  EXPECT_TRUE(connection->isClosed());
}

TEST_F(WebRtcConnectionTest, HostCandidatesTimerFailsTheOfferAndCloses) {
  pc->completeGathering = false;
  auto connection = WebRtcConnection::create("id", pc, scheduler, options);
  auto offer = std::async(std::launch::async, [&] { connection->doOffer(nullptr); });
  ASSERT_TRUE(scheduler.waitForPending(2));  // connect + host candidates
  scheduler.advance(3s);
  EXPECT_THROW(offer.get(), ConnectionError);
  EXPECT_TRUE(connection->isClosed());
}

TEST_F(WebRtcConnectionTest, AnOfferWithoutCandidatesIsUnavailableAndCloses) {
  // What gathering yields on a host with no usable interface.
  pc->offerSdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  auto connection = WebRtcConnection::create("id", pc, scheduler, options);
  try {
    connection->doOffer(nullptr);
    ADD_FAILURE() << "an offer without candidates was accepted";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.kind(), ConnectionError::Kind::Unavailable);
    EXPECT_NE(std::string(e.what()).find("no usable network interface"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(connection->isClosed());
  EXPECT_TRUE(pc->closed);
}

TEST_F(WebRtcConnectionTest, ClosingRunsTheExampleCleanupOnceAndStopsTimers) {
  struct Session : ExampleSession {
    explicit Session(int& cleanups) : cleanups(cleanups) {}
    ~Session() override { ++cleanups; }
    int& cleanups;
  };
  int cleanups = 0;
  auto connection = WebRtcConnection::create("id", pc, scheduler, options);
  connection->doOffer([&](rtc::PeerConnection& peer) {
    peer.createDataChannel("x");
    return std::make_unique<Session>(cleanups);
  });
  EXPECT_EQ(pc->dataChannelsCreated, 1);
  connection->close("test");
  connection->close("again");
  EXPECT_EQ(cleanups, 1);
  EXPECT_EQ(scheduler.pending(), 0u);
  EXPECT_TRUE(connection->waitUntilClosed(0ms));
}

TEST_F(WebRtcConnectionTest, TheExampleSeesEachConnectionStateUntilClose) {
  struct Session : ExampleSession {
    explicit Session(std::vector<PeerConnectionState>& seen) : seen(seen) {}
    void connectionStateChanged(PeerConnectionState state) override { seen.push_back(state); }
    std::vector<PeerConnectionState>& seen;
  };
  std::vector<PeerConnectionState> seen;
  auto connection = WebRtcConnection::create("id", pc, scheduler, options);
  connection->doOffer([&](rtc::PeerConnection&) { return std::make_unique<Session>(seen); });
  pc->emitConnectionState(PeerConnectionState::Connected);
  pc->emitConnectionState(PeerConnectionState::Disconnected);
  connection->close("test");
  pc->emitConnectionState(PeerConnectionState::Connected);  // after close: not passed on
  EXPECT_EQ(seen, (std::vector{PeerConnectionState::Connected, PeerConnectionState::Disconnected}));
}

// More candidates than the cap: refused before libwebrtc sees the answer.
TEST_F(WebRtcConnectionTest, AnswerWithTooManyCandidatesIsBadInput) {
  options.maxRemoteCandidates = 2;
  auto connection = makeConnection();
  const std::string candidate = "a=candidate:1 1 udp 2122063615 127.0.0.1 5000 typ host\r\n";
  try {
    connection->applyAnswer({"answer", "v=0\r\n" + candidate + candidate + candidate});
    FAIL() << "an answer with 3 candidates was accepted";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.kind(), ConnectionError::Kind::BadInput);
    EXPECT_NE(std::string(e.what()).find("3 candidates"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(pc->remoteDescription());
  connection->applyAnswer({"answer", "v=0\r\n" + candidate + candidate});  // at the cap: fine
  EXPECT_TRUE(pc->remoteDescription());
}

TEST_F(WebRtcConnectionTest, AnswerIsAppliedOnceAndNeverAfterClose) {
  auto connection = makeConnection();
  connection->applyAnswer({"answer", "v=0\r\n"});
  try {
    connection->applyAnswer({"answer", "v=0\r\n"});
    FAIL() << "a second answer was accepted";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.kind(), ConnectionError::Kind::WrongState);
  }
  connection->close("test");
  try {
    connection->applyAnswer({"answer", "v=0\r\n"});
    FAIL() << "an answer after close was accepted";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.kind(), ConnectionError::Kind::WrongState);
  }
}

TEST_F(WebRtcConnectionTest, AnswerThatIsNotAnAnswerIsBadInput) {
  auto connection = makeConnection();
  for (const rtc::SessionDescription& bad :
       {rtc::SessionDescription{"offer", "v=0\r\n"}, rtc::SessionDescription{"answer", "junk"}}) {
    try {
      connection->applyAnswer(bad);
      FAIL() << "accepted " << bad.type << ": " << bad.sdp;
    } catch (const ConnectionError& e) {
      EXPECT_EQ(e.kind(), ConnectionError::Kind::BadInput);
    }
  }
}

// Failures for /metrics: counted once each, only for answered connections.
TEST_F(WebRtcConnectionTest, CountsAnIceFailureWhenAnAnsweredPeerNeverConnects) {
  ConnectionCounters counters;
  auto connection = WebRtcConnection::create("id", pc, scheduler, options, &counters);
  connection->doOffer(nullptr);
  connection->applyAnswer({"answer", "v=0\r\n"});
  pc->emitIceState(IceConnectionState::Checking);
  scheduler.advance(10s);
  EXPECT_EQ(connection->closeReason(), CloseReason::ConnectTimeout);
  EXPECT_EQ(counters.iceFailures, 1u);
  EXPECT_EQ(counters.dtlsFailures, 0u);
}

TEST_F(WebRtcConnectionTest, CountsADtlsFailureWhenIceConnectedButDtlsDidNot) {
  ConnectionCounters counters;
  auto connection = WebRtcConnection::create("id", pc, scheduler, options, &counters);
  connection->doOffer(nullptr);
  connection->applyAnswer({"answer", "v=0\r\n"});
  pc->emitIceState(IceConnectionState::Connected);
  pc->emitConnectionState(PeerConnectionState::Failed);  // the handshake failed
  scheduler.advance(10s);                                // and the timer closes it
  EXPECT_EQ(counters.iceFailures, 0u);
  EXPECT_EQ(counters.dtlsFailures, 1u);
}

TEST_F(WebRtcConnectionTest, CountsNoFailureForAnOfferNobodyAnswered) {
  ConnectionCounters counters;
  auto connection = WebRtcConnection::create("id", pc, scheduler, options, &counters);
  connection->doOffer(nullptr);
  scheduler.advance(10s);
  EXPECT_TRUE(connection->isClosed());
  EXPECT_EQ(counters.iceFailures + counters.dtlsFailures, 0u);
}

// Captures what spdlog's default logger writes while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return text_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream text_;
};

std::string lineWith(const std::string& text, const std::string& needle) {
  std::istringstream lines(text);
  std::string line, found;
  int count = 0;
  while (std::getline(lines, line)) {
    if (line.find(needle) != std::string::npos) {
      found = line;
      ++count;
    }
  }
  return count == 1 ? found : "(" + std::to_string(count) + " lines with " + needle + ")";
}

TEST_F(WebRtcConnectionTest, ANeverConnectedPeerGetsOneLineWithEveryCandidate) {
  LogCapture log;
  pc->seenRemoteCandidates = {"udp 10.0.0.9:40000 host", "udp 198.51.100.4:62000 prflx",
                              "udp 198.51.100.4:62000 prflx"};
  auto connection = makeConnection();
  connection->applyAnswer({"answer",
                           "v=0\r\n"
                           "a=candidate:1 1 udp 2122260223 10.0.0.9 40000 typ host\r\n"
                           "a=candidate:2 1 udp 2122260223 \"evil\x1b.local 40001 typ host\r\n"});
  pc->emitIceState(IceConnectionState::Checking);
  scheduler.advance(10s);
  const std::string line = lineWith(log.text(), "closed:");
  EXPECT_NE(line.find("[id] closed: not connected (ICE and DTLS) within 10 s; ICE checking; "
                      "offered [udp 127.0.0.1:5000 host]; answer gave [udp 10.0.0.9:40000 host, "
                      "udp \\\"evil\\x1b.local:40001 host]; "
                      "learned from the peer's checks [udp 198.51.100.4:62000 prflx]"),
            std::string::npos)
      << line;
}

TEST_F(WebRtcConnectionTest, AnUnansweredOfferSaysSoInItsClosingLine) {
  LogCapture log;
  auto connection = makeConnection();
  scheduler.advance(10s);
  const std::string line = lineWith(log.text(), "closed:");
  EXPECT_NE(line.find("offered [udp 127.0.0.1:5000 host]; no answer came"), std::string::npos)
      << log.text();
}

TEST_F(WebRtcConnectionTest, ADeletedConnectionGetsNoDiagnostics) {
  LogCapture log;
  auto connection = makeConnection();
  connection->close(CloseReason::Deleted, "closed by DELETE");
  EXPECT_NE(lineWith(log.text(), "closed:").find("closed: closed by DELETE"), std::string::npos);
  EXPECT_EQ(log.text().find("offered"), std::string::npos) << log.text();
}

}  // namespace
}  // namespace wx::connections
