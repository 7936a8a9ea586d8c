// GET /healthz and GET /metrics through the Router, over managers of fake
// peer connections: statuses, and metrics that move as connections come
// and go.
#include <gtest/gtest.h>

#include <regex>

#include "connections/ConnectionManager.h"
#include "rest/Operations.h"
#include "unit/connections/FakePeerConnection.h"
#include "unit/connections/FakeScheduler.h"

namespace wx::rest {
namespace {

using connections::Capacity;
using connections::CloseReason;
using connections::ConnectionManager;
using testing::FakePeerConnection;

class OperationsTest : public ::testing::Test {
 protected:
  OperationsTest() {
    Operations::mount(router, {{{"ping-pong", &pingPong}, {"sine-wave", &sineWave}},
                               &capacity,
                               &shuttingDown,
                               std::chrono::steady_clock::now()});
  }

  HttpResponse get(const std::string& path) {
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    return router.handle(request);
  }

  // The value of the one sample line that starts with `series` + " ".
  double sample(const std::string& series) {
    const std::string text = get("/metrics").body;
    const std::string prefix = "\n" + series + " ";
    size_t at = text.find(prefix);
    if (at == std::string::npos) {
      ADD_FAILURE() << "no sample " << series;
      return -1;
    }
    EXPECT_EQ(text.find(prefix, at + 1), std::string::npos) << "two samples " << series;
    return std::stod(text.substr(at + prefix.size()));
  }

  testing::FakeScheduler scheduler;
  Capacity capacity{2, 0};
  std::atomic<bool> shuttingDown{false};
  ConnectionManager pingPong{
      [] { return std::make_shared<FakePeerConnection>(); }, nullptr, scheduler, {}, &capacity};
  ConnectionManager sineWave{
      [] { return std::make_shared<FakePeerConnection>(); }, nullptr, scheduler, {}, &capacity};
  Router router;
};

TEST_F(OperationsTest, HealthIsOkThenFullThenShuttingDown) {
  HttpResponse ok = get("/healthz");
  EXPECT_EQ(ok.status, 200);
  auto body = nlohmann::json::parse(ok.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["connections"], 0);
  EXPECT_GE(body["uptimeSeconds"].get<int>(), 0);

  auto a = pingPong.createConnection();
  auto b = sineWave.createConnection();
  HttpResponse full = get("/healthz");
  EXPECT_EQ(full.status, 503);
  body = nlohmann::json::parse(full.body);
  EXPECT_EQ(body["status"], "full");
  EXPECT_EQ(body["connections"], 2);
  EXPECT_NE(body["error"].get<std::string>().find("--max-connections"), std::string::npos);

  a->close(CloseReason::Deleted, "test");
  EXPECT_EQ(get("/healthz").status, 200);
  shuttingDown = true;
  HttpResponse stopping = get("/healthz");
  EXPECT_EQ(stopping.status, 503);
  EXPECT_EQ(nlohmann::json::parse(stopping.body)["status"], "shutting-down");
}

TEST_F(OperationsTest, MetricsAreValidTextAndMoveWithConnections) {
  HttpResponse response = get("/metrics");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.contentType, "text/plain; version=0.0.4; charset=utf-8");
  // Every line is a comment or `name{labels} value`; every family has a TYPE.
  const std::regex line(
      R"((# (HELP|TYPE) [a-z_]+ .+)|([a-z_]+(\{[a-z_]+="[^"\\]*"(,[a-z_]+="[^"\\]*")*\})? [-+0-9.eInfNa]+))");
  std::istringstream lines(response.body);
  for (std::string text; std::getline(lines, text);) {
    EXPECT_TRUE(std::regex_match(text, line)) << text;
  }

  const std::string open = R"(webrtc_examples_connections{example="ping-pong",state="new"})";
  const std::string created = R"(webrtc_examples_connections_created_total{example="ping-pong"})";
  const std::string deleted =
      R"(webrtc_examples_connections_closed_total{example="ping-pong",reason="deleted"})";
  const std::string timedOut =
      R"(webrtc_examples_connections_closed_total{example="ping-pong",reason="connect_timeout"})";
  const std::string offers = R"(webrtc_examples_offer_duration_seconds_count{example="ping-pong"})";
  EXPECT_EQ(sample(open), 0);
  EXPECT_EQ(sample(created), 0);

  auto a = pingPong.createConnection();
  auto b = pingPong.createConnection();
  EXPECT_EQ(sample(open), 2);
  EXPECT_EQ(sample(created), 2);
  EXPECT_EQ(sample(offers), 2);
  EXPECT_EQ(sample(R"(webrtc_examples_connections_created_total{example="sine-wave"})"), 0);

  a->close(CloseReason::Deleted, "test");
  EXPECT_EQ(sample(open), 1);
  EXPECT_EQ(sample(deleted), 1);
  scheduler.advance(std::chrono::seconds(10));
  EXPECT_EQ(sample(open), 0);
  EXPECT_EQ(sample(timedOut), 1);

  EXPECT_GT(sample("process_resident_memory_bytes"), 1e6);
  EXPECT_GT(sample("process_open_fds"), 2);
  EXPECT_GE(sample("process_threads"), 1);
  EXPECT_GT(sample("process_start_time_seconds"), 1.6e9);
}

}  // namespace
}  // namespace wx::rest
