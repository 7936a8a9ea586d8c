#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>

#include "rtc/Factory.h"
#include "rtc/HostCandidateCount.h"
#include "rtc/IceServer.h"

namespace wx::rtc {
namespace {

TEST(HostCandidateCountTest, KnowsNothingUntilAGatheringCompletes) {
  HostCandidateCount count;
  EXPECT_FALSE(count.isComplete(0));
  EXPECT_FALSE(count.isComplete(3));
}

TEST(HostCandidateCountTest, CompleteOnceAPeerHasAsManyAsTheLastCompletedOne) {
  HostCandidateCount count;
  count.learn(2);
  EXPECT_FALSE(count.isComplete(1));
  EXPECT_TRUE(count.isComplete(2));
  count.learn(3);  // an interface came up
  EXPECT_FALSE(count.isComplete(2));
  EXPECT_TRUE(count.isComplete(3));
}

TEST(HostCandidateCountTest, AGatheringWithoutCandidatesTeachesNothing) {
  HostCandidateCount count;
  count.learn(0);
  EXPECT_FALSE(count.isComplete(0));
  count.learn(1);
  count.learn(0);
  EXPECT_TRUE(count.isComplete(1));
}

int countHostCandidates(const std::string& sdp) {
  int count = 0;
  for (size_t at = sdp.find(" typ host"); at != std::string::npos;
       at = sdp.find(" typ host", at + 1)) {
    ++count;
  }
  return count;
}

struct Readiness {
  IceGatheringState gatheringThen;
  int candidatesThen;
};

// Offers from a fresh peer and reports the moment its host candidates were
// called ready.
Readiness offerUntilReady(Factory& factory) {
  auto pc = factory.createPeerConnection();
  pc->createDataChannel("probe");
  // The gathering state is read in the callback: a completion may follow
  // the candidates on the signaling thread at once.
  std::promise<IceGatheringState> ready;
  pc->onHostCandidatesReady([&] { ready.set_value(pc->iceGatheringState()); });
  pc->setLocalDescription(pc->createOffer());
  auto future = ready.get_future();
  EXPECT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(pc->hostCandidatesReady());
  Readiness result{future.get(), countHostCandidates(pc->localDescription()->sdp)};
  pc->close();
  return result;
}

TEST(HostCandidatesTest, TheFirstPeerWaitsForGatheringAndLaterOnesOnlyForItsCount) {
  FactoryOptions options;
  options.iceAllow = {"127.0.0.1"};
  Factory factory(options);
  // One address: a UDP candidate and a passive TCP one (iceTcp).
  Readiness first = offerUntilReady(factory);
  EXPECT_EQ(first.gatheringThen, IceGatheringState::Complete);
  EXPECT_EQ(first.candidatesThen, 2);

  Readiness second = offerUntilReady(factory);
  EXPECT_NE(second.gatheringThen, IceGatheringState::Complete);
  EXPECT_EQ(second.candidatesThen, 2);
}

// A STUN server that never answers: a UDP socket nobody reads.
class SilentStunServer {
 public:
  SilentStunServer() : fd_(socket(AF_INET, SOCK_DGRAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), size), 0);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size), 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentStunServer() { close(fd_); }
  std::string url() const { return "stun:127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

TEST(HostCandidatesTest, APeerWhoseStunServerNeverAnswersOffersItsHostCandidatesAnyway) {
  SilentStunServer stun;
  FactoryOptions options;
  options.iceAllow = {"127.0.0.1"};
  options.iceServers = {parseIceServer(stun.url())};
  Factory factory(options);
  // libwebrtc gives up on the STUN server only after ~10 s; the peer offers
  // its host candidates after 2 s, while still gathering.
  Readiness ready = offerUntilReady(factory);
  EXPECT_NE(ready.gatheringThen, IceGatheringState::Complete);
  EXPECT_EQ(ready.candidatesThen, 2);
}

}  // namespace
}  // namespace wx::rtc
