// connect and rtt: how fast a peer gets going, and how fast it answers.
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "Benchmarks.h"
#include "Stats.h"
#include "ping-pong/Pinger.h"

namespace wx::bench {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

client::ConnectionClient pingPongClient(const Target& target) {
  return client::ConnectionClient(target.factory, {target.url, "/ping-pong"});
}

}  // namespace

int connect(const Target& target, int tries) {
  httplib::Client http(target.url);
  std::vector<double> post;
  for (int i = 0; i < tries; ++i) {
    auto start = Clock::now();
    auto created = http.Post("/ping-pong/connections");
    double ms = msSince(start);
    if (!created || created->status != 200) {
      std::fprintf(stderr, "POST failed: %s\n", created ? created->body.c_str() : "no answer");
      return 1;
    }
    post.push_back(ms);
    std::string id = nlohmann::json::parse(created->body)["id"];
    http.Delete("/ping-pong/connections/" + id);
  }
  print("POST /connections", "ms", post);

  auto client = pingPongClient(target);
  std::vector<double> open;
  for (int i = 0; i < tries; ++i) {
    auto start = Clock::now();
    examples::ping_pong::Pinger pinger(client);
    open.push_back(msSince(start));
  }
  print("POST -> channel open", "ms", open);
  return 0;
}

int rtt(const Target& target, int count) {
  auto client = pingPongClient(target);
  examples::ping_pong::Pinger pinger(client);
  std::vector<double> rtts;
  for (int i = 0; i < count; ++i) {
    auto rtt = pinger.ping(std::chrono::seconds(1));
    if (!rtt) {
      std::fprintf(stderr, "ping %d: no pong within 1 s\n", i + 1);
      return 1;
    }
    rtts.push_back(std::chrono::duration<double, std::milli>(*rtt).count());
  }
  print("ping -> pong", "ms", rtts);
  return 0;
}

}  // namespace wx::bench
