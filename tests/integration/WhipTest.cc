// WHIP at /broadcaster/whip and WHEP at /viewer/whep (rest/WhipApi.h): the
// native client offering (ConnectionClient::offer), viewers of both
// signalings watching one broadcast, and every status the endpoints answer.
#include <gtest/gtest.h>

#include <thread>

#include "broadcaster/BroadcastClients.h"
#include "common/PatternSender.h"
#include "integration/TestServer.h"
#include "rtc/Sdp.h"

namespace wx::testing {
namespace {

using namespace std::chrono_literals;
using examples::broadcaster::BroadcastSender;
using examples::broadcaster::BroadcastViewer;
using examples::broadcaster::Signaling;

// Waits up to 15 s until `viewer` has had 10 more pictures of `width`.
bool getsPictures(const BroadcastViewer& viewer, int width) {
  const auto start = viewer.frames().read();
  for (auto end = std::chrono::steady_clock::now() + 15s; std::chrono::steady_clock::now() < end;
       std::this_thread::sleep_for(20ms)) {
    const auto now = viewer.frames().read();
    if (now.width == width && now.frames >= start.frames + 10) return true;
  }
  return false;
}

bool says(client::RemoteChannel& channel, const std::string& wanted) {
  for (auto end = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < end;) {
    if (channel.next(200ms) == wanted) return true;
  }
  return false;
}

// An offer as a WHIP or WHEP client makes it: complete, with our candidates.
// The peer must stay alive while the server uses the offer.
struct Offer {
  std::shared_ptr<rtc::PeerConnection> peer;
  std::string sdp;
};

Offer makeOffer(rtc::Direction direction, bool media = true) {
  Offer offer{clientFactory().createPeerConnection(), {}};
  if (media) {
    offer.peer->addTransceiver(rtc::MediaKind::Audio, direction);
    offer.peer->addTransceiver(rtc::MediaKind::Video, direction);
  } else {
    offer.peer->createDataChannel("only-data");
  }
  offer.peer->setLocalDescription(offer.peer->createOffer());
  for (auto end = std::chrono::steady_clock::now() + 5s;
       offer.peer->iceGatheringState() != rtc::IceGatheringState::Complete &&
       std::chrono::steady_clock::now() < end;) {
    std::this_thread::sleep_for(10ms);
  }
  offer.sdp = offer.peer->localDescription().value().sdp;
  return offer;
}

// The JSON error of a refused request.
std::string errorOf(const httplib::Result& result) {
  auto json = nlohmann::json::parse(result->body, nullptr, false);
  return json.is_object() && json.contains("error") ? json["error"].get<std::string>() : "";
}

httplib::Result postSdp(TestServer& server, const std::string& path, const std::string& sdp,
                        const httplib::Headers& headers = {}) {
  return server.http().Post(path, headers, sdp, "application/sdp");
}

TEST(WhipTest, AWhipBroadcastReachesRestAndWhepViewersRelayed) {
  TestServer server;
  auto watching = server.clientFor("viewer");
  BroadcastViewer restViewer(watching);
  BroadcastViewer whepViewer(watching, {.signaling = Signaling::Whip});
  EXPECT_TRUE(says(restViewer.status(), "waiting"));
  // Both viewers count, whichever way they came.
  EXPECT_EQ(server.server().manager("viewer").size(), 2u);
  {
    auto publishing = server.clientFor("broadcaster");
    BroadcastSender sender(publishing, 320, 240, {}, Signaling::Whip);
    EXPECT_TRUE(says(restViewer.status(), "live"));
    EXPECT_TRUE(getsPictures(restViewer, 320));
    EXPECT_TRUE(getsPictures(whepViewer, 320));
    for (const BroadcastViewer* viewer : {&restViewer, &whepViewer}) {
      const common::PatternCount pictures = viewer->pictures().read();
      EXPECT_GT(pictures.pictures, 0u) << viewer->id();
      EXPECT_EQ(pictures.bad, 0u) << viewer->id();
      EXPECT_EQ(pictures.backwards, 0u) << viewer->id();
      EXPECT_GT(viewer->soundFrames(), 0u) << viewer->id();
    }
    // The WHIP session is an ordinary connection of the broadcaster example.
    auto shown = server.http().Get("/broadcaster/connections/" + sender.id());
    ASSERT_TRUE(shown);
    EXPECT_EQ(shown->status, 200);
    const rtc::RelayTotals relay = server.server().factory().relayTotals();
    EXPECT_EQ(relay.links, 2u);
    EXPECT_EQ(relay.reencodedLinks, 0u);
    EXPECT_EQ(relay.toReencode, 0u);
  }  // the sender DELETEs its Location
  EXPECT_TRUE(says(restViewer.status(), "waiting"));
  EXPECT_EQ(server.server().manager("broadcaster").size(), 0u);
}

TEST(WhipTest, ASecondWhipPublisherReplacesTheFirstForEveryViewer) {
  TestServer server;
  auto watching = server.clientFor("viewer");
  BroadcastViewer viewer(watching, {.signaling = Signaling::Whip});
  auto publishing = server.clientFor("broadcaster");
  BroadcastSender first(publishing, 320, 240, {}, Signaling::Whip);
  EXPECT_TRUE(getsPictures(viewer, 320));
  BroadcastSender second(publishing, 480, 360, {}, Signaling::Whip);
  EXPECT_TRUE(getsPictures(viewer, 480));
  EXPECT_EQ(viewer.pictures().read().bad, 0u);
}

// OBS publishes H.264, and a browser viewer would pick VP8 from a default
// offer, a WHEP player offers VP8 first: viewers who join once it is live
// get its codec first (our offer's order; the player's offer reordered), so
// they are relayed; one who joined before it got VP8 and is re-encoded.
TEST(WhipTest, ViewersOfAnH264PublisherAreOfferedH264FirstAndRelayed) {
  TestServer server;
  auto watching = server.clientFor("viewer");
  BroadcastViewer early(watching);
  auto clock = std::make_shared<common::FramePacer>(33'333us);
  common::PatternSender pattern(clock, 320, 240);
  auto publishing = server.clientFor("broadcaster");
  auto publisher = publishing.offer("/whip", [&](rtc::PeerConnection& pc) {
    auto video = pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::SendOnly);
    video->setCodecPreferences({"H264"});
    video->send(pattern.source());
  });
  ASSERT_TRUE(says(early.status(), "live"));
  BroadcastViewer restViewer(watching);
  BroadcastViewer whepViewer(watching, {.signaling = Signaling::Whip});
  for (const BroadcastViewer* viewer : {&early, &restViewer, &whepViewer}) {
    EXPECT_TRUE(getsPictures(*viewer, 320)) << viewer->id();
    EXPECT_EQ(viewer->pictures().read().bad, 0u) << viewer->id();
  }
  const rtc::RelayTotals relay = server.server().factory().relayTotals();
  EXPECT_EQ(relay.links, 3u);
  EXPECT_EQ(relay.reencodedLinks, 1u);  // the early one
  EXPECT_EQ(relay.toReencode, 1u);
}

// A publisher's video that the relay could not pass on as it is (VP9) is
// not taken: the offer is refused (RFC 9725 4.4), not half answered.
TEST(WhipTest, APublisherOfferingOnlyVp9IsRefused) {
  TestServer server;
  auto publishing = server.clientFor("broadcaster");
  try {
    publishing.offer("/whip", [](rtc::PeerConnection& pc) {
      pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::SendOnly)
          ->setCodecPreferences({"VP9"});
    });
    ADD_FAILURE() << "a VP9-only offer was taken";
  } catch (const client::ClientError& e) {
    EXPECT_NE(std::string(e.what()).find("answered 400"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no codec the relay passes on"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(server.server().manager("broadcaster").size(), 0u);
}

TEST(WhipTest, TheAnswerIsCompleteWithLocationEtagAndCors) {
  TestServer server;
  Offer offer = makeOffer(rtc::Direction::SendOnly);
  auto result = postSdp(server, "/broadcaster/whip", offer.sdp);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 201) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/sdp");
  const std::string location = result->get_header_value("Location");
  EXPECT_TRUE(location.starts_with("/broadcaster/whip/")) << location;
  EXPECT_TRUE(result->body.starts_with("v=0\r\n"));
  EXPECT_NE(result->body.find("a=candidate:"), std::string::npos);
  EXPECT_EQ(result->body.find("a=ice-options:trickle"), std::string::npos);
  EXPECT_NE(result->body.find("a=recvonly"), std::string::npos);  // RFC 9725 4.2
  const std::string etag = result->get_header_value("ETag");
  EXPECT_TRUE(etag.size() > 2 && etag.front() == '"' && etag.back() == '"') << etag;
  EXPECT_EQ(result->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_NE(result->get_header_value("Access-Control-Expose-Headers").find("Location"),
            std::string::npos);

  // A WHEP offer is answered send-only.
  Offer player = makeOffer(rtc::Direction::RecvOnly);
  auto played = postSdp(server, "/viewer/whep", player.sdp);
  ASSERT_TRUE(played);
  EXPECT_EQ(played->status, 201) << played->body;
  EXPECT_NE(played->body.find("a=sendonly"), std::string::npos);

  auto deleted = server.http().Delete(location);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 200);
  auto again = server.http().Delete(location);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
}

TEST(WhipTest, RefusesWhatItCannotTakeWithAClearStatus) {
  TestServer server;
  for (const char* path : {"/broadcaster/whip", "/viewer/whep"}) {
    SCOPED_TRACE(path);
    auto wrongType = server.http().Post(path, "v=0\r\n", "application/json");
    ASSERT_TRUE(wrongType);
    EXPECT_EQ(wrongType->status, 415);
    EXPECT_NE(errorOf(wrongType).find("application/sdp"), std::string::npos);
    EXPECT_EQ(wrongType->get_header_value("Access-Control-Allow-Origin"), "*");

    auto garbage = postSdp(server, path, "not an SDP");
    ASSERT_TRUE(garbage);
    EXPECT_EQ(garbage->status, 400);

    Offer dataOnly = makeOffer(rtc::Direction::SendOnly, false);
    auto noMedia = postSdp(server, path, dataOnly.sdp);
    ASSERT_TRUE(noMedia);
    EXPECT_EQ(noMedia->status, 400);
    EXPECT_NE(errorOf(noMedia).find("no audio or video"), std::string::npos) << noMedia->body;

    auto get = server.http().Get(path);
    ASSERT_TRUE(get);
    EXPECT_EQ(get->status, 405);

    auto unknown = server.http().Delete(std::string(path) + "/no-such-session");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
  }
  // Nothing it refused is left behind.
  EXPECT_EQ(server.server().manager("broadcaster").size(), 0u);
  EXPECT_EQ(server.server().manager("viewer").size(), 0u);
}

TEST(WhipTest, TooManyMediaSectionsOrCandidatesAreRefused) {
  TestServer server;
  Offer offer = makeOffer(rtc::Direction::SendOnly);
  // Five sections: the offer's two, and three copies of its video section.
  const size_t video = offer.sdp.find("m=video");
  ASSERT_NE(video, std::string::npos);
  const std::string section = offer.sdp.substr(video);
  std::string many = offer.sdp;
  for (int i = 0; i < 3; ++i) many += section;
  auto result = postSdp(server, "/broadcaster/whip", many);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_NE(errorOf(result).find("media sections"), std::string::npos) << result->body;

  std::string candidates = offer.sdp;
  const std::string line = "a=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host\r\n";
  for (int i = 0; i < 40; ++i) candidates += line;
  result = postSdp(server, "/broadcaster/whip", candidates);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_NE(errorOf(result).find("candidates"), std::string::npos) << result->body;
}

TEST(WhipTest, OptionsNamesTheMethodsAndTheIceServers) {
  rest::ExamplesServerOptions options = TestServer::loopbackOptions();
  options.rtc.iceServers = {{{"stun:127.0.0.1:9"}, "", ""},
                            {{"turn:127.0.0.1:9?transport=udp"}, "alice", "s\"cret"}};
  options.rtc.warmPool = false;  // no peer needs them here
  TestServer server(options);
  httplib::Request request;
  request.method = "OPTIONS";
  request.path = "/broadcaster/whip";
  auto result = server.http().send(request);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 204);
  EXPECT_EQ(result->get_header_value("Accept-Post"), "application/sdp");
  EXPECT_EQ(result->get_header_value("Allow"), "OPTIONS, POST");
  ASSERT_EQ(result->get_header_value_count("Link"), 2u);
  EXPECT_EQ(result->get_header_value("Link", 0), "<stun:127.0.0.1:9>; rel=\"ice-server\"");
  EXPECT_EQ(result->get_header_value("Link", 1),
            "<turn:127.0.0.1:9?transport=udp>; rel=\"ice-server\"; username=\"alice\"; "
            "credential=\"s\\\"cret\"; credential-type=\"password\"");
}

TEST(WhipTest, ATokenGuardsPublishingButNotPlaying) {
  rest::ExamplesServerOptions options = TestServer::loopbackOptions();
  options.whipToken = "s3cret";
  TestServer server(options);
  Offer offer = makeOffer(rtc::Direction::SendOnly);
  for (const httplib::Headers& headers :
       {httplib::Headers{}, httplib::Headers{{"Authorization", "Bearer wrong!"}},
        httplib::Headers{{"Authorization", "Basic s3cret"}}}) {
    auto refused = postSdp(server, "/broadcaster/whip", offer.sdp, headers);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
  }
  EXPECT_EQ(server.server().manager("broadcaster").size(), 0u);

  auto accepted =
      postSdp(server, "/broadcaster/whip", offer.sdp, {{"Authorization", "bearer s3cret"}});
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 201) << accepted->body;
  const std::string location = accepted->get_header_value("Location");
  auto deleteWithout = server.http().Delete(location);
  ASSERT_TRUE(deleteWithout);
  EXPECT_EQ(deleteWithout->status, 401);
  EXPECT_EQ(server.server().manager("broadcaster").size(), 1u);

  // The native client sends the token it is given.
  auto publishing = server.clientFor("broadcaster");
  EXPECT_THROW(BroadcastSender(publishing, 160, 120, {}, Signaling::Whip), client::ClientError);
  client::ConnectionClientOptions withToken = publishing.options();
  withToken.bearerToken = "s3cret";
  client::ConnectionClient authorized(clientFactory(), withToken);
  BroadcastSender sender(authorized, 160, 120, {}, Signaling::Whip);
  EXPECT_EQ(server.server().manager("broadcaster").size(), 2u);

  Offer player = makeOffer(rtc::Direction::RecvOnly);
  auto played = postSdp(server, "/viewer/whep", player.sdp);
  ASSERT_TRUE(played);
  EXPECT_EQ(played->status, 201);
}

TEST(WhipTest, PatchTakesTrickledCandidatesAndRefusesIceRestarts) {
  TestServer server;
  Offer offer = makeOffer(rtc::Direction::SendOnly);
  auto created = postSdp(server, "/broadcaster/whip", offer.sdp);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201);
  const std::string location = created->get_header_value("Location");
  const std::string etag = created->get_header_value("ETag");
  const std::string ufrag = rtc::iceUfrag(offer.sdp);
  const auto patch = [&](const std::string& body, const httplib::Headers& headers = {},
                         const char* type = "application/trickle-ice-sdpfrag") {
    return server.http().Patch(location, headers, body, type);
  };
  const std::string candidate =
      "a=ice-ufrag:" + ufrag + "\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n" +
      "a=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host\r\na=end-of-candidates\r\n";

  auto taken = patch(candidate, {{"If-Match", etag}});
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->status, 204) << taken->body;
  EXPECT_TRUE(taken->body.empty());

  auto wrongType = patch(candidate, {}, "application/sdp");
  ASSERT_TRUE(wrongType);
  EXPECT_EQ(wrongType->status, 415);

  auto staleTag = patch(candidate, {{"If-Match", "\"not-it\""}});
  ASSERT_TRUE(staleTag);
  EXPECT_EQ(staleTag->status, 412);

  auto restart = patch(candidate, {{"If-Match", "*"}});
  ASSERT_TRUE(restart);
  EXPECT_EQ(restart->status, 422);

  auto newCredentials = patch("a=ice-ufrag:other\r\na=ice-pwd:otherotherotherotherother\r\n");
  ASSERT_TRUE(newCredentials);
  EXPECT_EQ(newCredentials->status, 422);

  auto noMid = patch("a=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host\r\n");
  ASSERT_TRUE(noMid);
  EXPECT_EQ(noMid->status, 400);

  auto badCandidate = patch("a=mid:0\r\na=candidate:this is not one\r\n");
  ASSERT_TRUE(badCandidate);
  EXPECT_EQ(badCandidate->status, 400);

  // Trickled candidates count against the same bound as the offer's.
  std::string many = "a=mid:0\r\n";
  for (int i = 0; i < 40; ++i) {
    many += "a=candidate:" + std::to_string(i) + " 1 udp 2122260223 127.0.0.1 " +
            std::to_string(10 + i) + " typ host\r\n";
  }
  auto tooMany = patch(many);
  ASSERT_TRUE(tooMany);
  EXPECT_EQ(tooMany->status, 400);
  EXPECT_NE(errorOf(tooMany).find("at most"), std::string::npos) << tooMany->body;

  auto unknown = server.http().Patch("/broadcaster/whip/no-such-session", candidate,
                                     "application/trickle-ice-sdpfrag");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

}  // namespace
}  // namespace wx::testing
