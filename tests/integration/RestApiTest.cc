// Every REST route against a real server and real libwebrtc over loopback.
#include <gtest/gtest.h>

#include "integration/TestServer.h"

namespace wx::testing {
namespace {

using nlohmann::json;

const std::string kBase = "/ping-pong/connections";

json parse(const httplib::Result& result) {
  return json::parse(result->body, nullptr, /*allow_exceptions=*/false);
}

class RestApiTest : public ::testing::Test {
 protected:
  json create() {
    auto result = http.Post(kBase);
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, 200) << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    return parse(result);
  }
  // Expects `status` and a JSON {"error": "..."} body.
  void expectError(const httplib::Result& result, int status) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, status) << result->body;
    json body = parse(result);
    ASSERT_TRUE(body.is_object()) << result->body;
    EXPECT_TRUE(body["error"].is_string()) << result->body;
  }
  httplib::Result postAnswer(const std::string& id, const std::string& body) {
    return http.Post(kBase + "/" + id + "/remote-description", body, "application/json");
  }

  TestServer server;
  httplib::Client http = server.http();
};

TEST_F(RestApiTest, PostReturnsACompleteNonTrickleOfferWithHostCandidates) {
  json c = create();
  EXPECT_TRUE(c["id"].is_string());
  EXPECT_EQ(c["state"], "open");
  EXPECT_EQ(c["iceConnectionState"], "new");
  EXPECT_EQ(c["signalingState"], "have-local-offer");
  EXPECT_EQ(c["connectionState"], "new");
  EXPECT_TRUE(c.contains("selectedCandidatePair"));
  EXPECT_TRUE(c["selectedCandidatePair"].is_null());
  EXPECT_EQ(c["remoteDescription"], json::object());
  EXPECT_EQ(c["localDescription"]["type"], "offer");
  std::string sdp = c["localDescription"]["sdp"];
  EXPECT_NE(sdp.find("a=candidate:"), std::string::npos) << sdp;
  EXPECT_NE(sdp.find("127.0.0.1"), std::string::npos) << sdp;
  EXPECT_NE(sdp.find("typ host"), std::string::npos) << sdp;
  EXPECT_EQ(sdp.find("a=ice-options:trickle"), std::string::npos) << sdp;
  EXPECT_NE(sdp.find("m=application"), std::string::npos) << sdp;
}

TEST_F(RestApiTest, PostWithABodyStillCreates) {
  auto result = http.Post(kBase, "{}", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST_F(RestApiTest, GetListsAndFindsConnections) {
  json a = create();
  json b = create();
  auto list = http.Get(kBase);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  json all = parse(list);
  ASSERT_TRUE(all.is_array());
  EXPECT_EQ(all.size(), 2u);

  std::string id = a["id"];
  auto one = http.Get(kBase + "/" + id);
  ASSERT_TRUE(one);
  EXPECT_EQ(parse(one)["id"], id);

  auto local = http.Get(kBase + "/" + id + "/local-description");
  ASSERT_TRUE(local);
  EXPECT_EQ(parse(local)["type"], "offer");
  auto remote = http.Get(kBase + "/" + id + "/remote-description");
  ASSERT_TRUE(remote);
  EXPECT_EQ(parse(remote), json::object());
}

TEST_F(RestApiTest, AnswerIsAppliedThenRefusedASecondTime) {
  json c = create();
  std::string id = c["id"];
  Answer answer = answerOffer(c["localDescription"]["sdp"]);
  json body = {{"type", "answer"}, {"sdp", answer.sdp}};

  auto applied = postAnswer(id, body.dump());
  ASSERT_TRUE(applied);
  EXPECT_EQ(applied->status, 200) << applied->body;
  EXPECT_EQ(parse(applied)["type"], "answer");
  EXPECT_EQ(parse(http.Get(kBase + "/" + id + "/remote-description"))["type"], "answer");
  EXPECT_EQ(parse(http.Get(kBase + "/" + id))["signalingState"], "stable");

  expectError(postAnswer(id, body.dump()), 409);
}

TEST_F(RestApiTest, BadAnswersGet400AndLeaveTheConnectionUsable) {
  json c = create();
  std::string id = c["id"];
  expectError(postAnswer(id, "{not json"), 400);
  expectError(postAnswer(id, R"({"type":"answer"})"), 400);
  expectError(postAnswer(id, R"({"type":"answer","sdp":"this is not SDP"})"), 400);
  expectError(
      postAnswer(id, json({{"type", "offer"}, {"sdp", c["localDescription"]["sdp"]}}).dump()), 400);
  expectError(postAnswer(id, R"({"type":"bogus","sdp":"v=0"})"), 400);

  // After all that, a real answer still works.
  Answer answer = answerOffer(c["localDescription"]["sdp"]);
  auto applied = postAnswer(id, json({{"type", "answer"}, {"sdp", answer.sdp}}).dump());
  ASSERT_TRUE(applied);
  EXPECT_EQ(applied->status, 200) << applied->body;
}

TEST_F(RestApiTest, UnknownIdsGet404) {
  const std::string id = "00000000-0000-4000-8000-000000000000";
  expectError(http.Get(kBase + "/" + id), 404);
  expectError(http.Delete(kBase + "/" + id), 404);
  expectError(http.Get(kBase + "/" + id + "/local-description"), 404);
  expectError(http.Get(kBase + "/" + id + "/remote-description"), 404);
  expectError(http.Get(kBase + "/" + id + "/stats"), 404);
  expectError(postAnswer(id, R"({"type":"answer","sdp":"v=0"})"), 404);
  expectError(http.Get("/no-such-example/connections"), 404);
}

TEST_F(RestApiTest, DeleteClosesAndForgets) {
  json c = create();
  std::string id = c["id"];
  auto deleted = http.Delete(kBase + "/" + id);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 200);
  EXPECT_EQ(parse(deleted)["state"], "closed");
  EXPECT_EQ(parse(deleted)["id"], id);
  expectError(http.Get(kBase + "/" + id), 404);
  expectError(http.Delete(kBase + "/" + id), 404);
  EXPECT_EQ(server.server().manager("ping-pong").size(), 0u);
}

TEST_F(RestApiTest, HugeBodyGets413) {
  json c = create();
  std::string huge(2 * 1024 * 1024, 'x');
  expectError(postAnswer(c["id"], huge), 413);
  // The server carries on.
  EXPECT_EQ(http.Get(kBase)->status, 200);
}

TEST(RestApiLimitsTest, PastMaxConnectionsGets503AndOthersCarryOn) {
  rest::ExamplesServerOptions options = TestServer::loopbackOptions();
  options.maxConnections = 2;
  TestServer server(options);
  httplib::Client http = server.http();
  ASSERT_EQ(http.Post(kBase)->status, 200);
  auto second = http.Post(kBase);
  ASSERT_EQ(second->status, 200);
  auto refused = http.Post(kBase);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_TRUE(parse(refused)["error"].is_string());
  // Closing one makes room again.
  std::string id = parse(second)["id"];
  ASSERT_EQ(http.Delete(kBase + "/" + id)->status, 200);
  EXPECT_EQ(http.Post(kBase)->status, 200);
}

TEST(RestApiLimitsTest, ShortOfFileDescriptorsGets503) {
  rest::ExamplesServerOptions options = TestServer::loopbackOptions();
  options.fdReserve = 1'000'000'000;  // more than any process may open
  TestServer server(options);
  auto refused = server.http().Post(kBase);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_NE(parse(refused)["error"].get<std::string>().find("file descriptors"), std::string::npos);
  EXPECT_EQ(server.http().Get(kBase)->status, 200);  // still serving
}

}  // namespace
}  // namespace wx::testing
