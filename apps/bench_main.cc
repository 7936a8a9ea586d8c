// webrtc-bench: a load generator. Many peers from one process against a
// running webrtc-examples server; prints medians and p99. See bench/README.md.
#include <CLI/CLI.hpp>

#include "Benchmarks.h"
#include "common/Log.h"

using namespace wx;

int main(int argc, char** argv) {
  CLI::App app{"webrtc-bench: benchmarks against a running webrtc-examples server"};
  std::string url = "http://127.0.0.1:3000";
  rtc::FactoryOptions rtcOptions;
  std::string logLevel = "warn";
  app.add_option("--url", url, "the server");
  app.add_option("--ice-allow", rtcOptions.iceAllow,
                 "gather ICE candidates only on these interfaces or addresses (repeatable)");
  app.add_flag("--client-pool", rtcOptions.warmPool,
               "give the benchmark's own peers a warm pool too (a client-side choice)");
  app.add_flag("--ice-tcp,!--no-ice-tcp", rtcOptions.iceTcp,
               "the benchmark's peers gather TCP candidates too (the default)");
  app.add_option("--log-level", logLevel, "trace, debug, info, warn, error");
  app.require_subcommand(1);
  app.fallthrough();

  int tries = 30;
  CLI::App* connect = app.add_subcommand("connect", "sequential POST and channel-open latency");
  connect->add_option("--tries", tries, "connections to make")->check(CLI::PositiveNumber);
  int count = 1000;
  CLI::App* rtt = app.add_subcommand("rtt", "ping -> pong round trips on one channel");
  rtt->add_option("--count", count, "pings")->check(CLI::PositiveNumber);
  int peers = 100;
  int serverPid = 0;
  CLI::App* hold = app.add_subcommand("hold", "many open peers at once, and what they cost");
  hold->add_option("--peers", peers, "peers to hold open")->check(CLI::PositiveNumber);
  hold->add_option("--server-pid", serverPid, "read the server's RSS, threads and fds from /proc");
  uint64_t mib = 16;
  size_t chunkKiB = 64;
  int runs = 5;
  CLI::App* throughput = app.add_subcommand("throughput", "data-channel echo rates");
  throughput->add_option("--mib", mib, "MiB per run")->check(CLI::Range(1, 4096));
  throughput->add_option("--chunk-kib", chunkKiB, "chunk size")->check(CLI::Range(1, 256));
  throughput->add_option("--runs", runs, "runs on one channel")->check(CLI::PositiveNumber);
  throughput->add_option("--server-pid", serverPid, "read the server's memory from /proc");
  CLI::App* ceiling = app.add_subcommand("ceiling", "libwebrtc's rate, two peers in-process");
  ceiling->add_option("--mib", mib, "MiB per run")->check(CLI::Range(1, 4096));
  ceiling->add_option("--chunk-kib", chunkKiB, "chunk size")->check(CLI::Range(1, 256));
  ceiling->add_option("--runs", runs, "runs")->check(CLI::PositiveNumber);
  std::vector<int> streamCounts = {1, 10, 20, 50};
  int seconds = 10;
  CLI::App* audio = app.add_subcommand("audio", "server CPU per concurrent sine-wave stream");
  audio->add_option("--streams", streamCounts, "stream counts to measure, in turn")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  audio->add_option("--seconds", seconds, "measuring window per count")->check(CLI::PositiveNumber);
  audio->add_option("--server-pid", serverPid, "read the server's CPU time from /proc")->required();
  std::vector<int> peerCounts = {1, 5, 10};
  CLI::App* compositing =
      app.add_subcommand("compositing", "server CPU per concurrent video-compositing peer");
  compositing->add_option("--peers", peerCounts, "peer counts to measure, in turn")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  compositing->add_option("--seconds", seconds, "measuring window per count")
      ->check(CLI::PositiveNumber);
  compositing->add_option("--server-pid", serverPid, "read the server's CPU time")->required();
  std::vector<int> viewerCounts = {1, 2, 4, 8, 12, 16};
  CLI::App* loopback =
      app.add_subcommand("loopback", "server CPU per concurrent audio-video-loopback peer");
  loopback->add_option("--peers", peerCounts, "peer counts to measure, in turn")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  loopback->add_option("--seconds", seconds, "measuring window per count")
      ->check(CLI::PositiveNumber);
  loopback->add_option("--server-pid", serverPid, "read the server's CPU time")->required();
  CLI::App* viewers = app.add_subcommand("viewers", "viewers one broadcast feeds at full rate");
  bench::ViewersOptions viewersOptions;
  int probeMinPort = 0;
  int probeMaxPort = 0;
  auto* probeMin = viewers->add_option("--probe-min-port", probeMinPort,
                                       "the delay probe's lowest local media port (with "
                                       "--probe-max-port; bench/slow_viewer.sh limits them)");
  auto* probeMax =
      viewers->add_option("--probe-max-port", probeMaxPort, "the probe's highest media port");
  probeMin->needs(probeMax);
  probeMax->needs(probeMin);
  viewers->add_flag("--audio,!--no-audio", viewersOptions.audio,
                    "viewers take the broadcast's audio too (the default; --no-audio: video only)");
  viewers->add_flag("--mixed", viewersOptions.mixed,
                    "every second viewer plays with WHEP (/viewer/whep)");
  viewers->add_flag("--external-broadcast", viewersOptions.external,
                    "watch a broadcast already live (a WHIP publisher) instead of publishing one; "
                    "no delay probe then");
  viewers
      ->add_option("--pion-viewers", viewersOptions.pionViewers,
                   "the viewers (bar the delay probe) are Pion WHEP viewers run by this "
                   "binary (build/pion-viewers)")
      ->check(CLI::ExistingFile);
  viewers->add_option("--viewers", viewerCounts, "viewer counts to measure, growing")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  viewers->add_option("--seconds", seconds, "measuring window per count")
      ->check(CLI::PositiveNumber);
  viewers->add_option("--server-pid", serverPid, "read the server's CPU time")->required();
  CLI::App* stats =
      app.add_subcommand("stats", "server CPU to poll every peer's GET .../stats once a second");
  std::string statsExample = "sine-wave";
  stats->add_option("--peers", peers, "peers to hold and poll")->check(CLI::PositiveNumber);
  stats->add_option("--example", statsExample, "whose peers: sine-wave (audio) or ping-pong");
  stats->add_option("--seconds", seconds, "measuring window")->check(CLI::PositiveNumber);
  stats->add_option("--server-pid", serverPid, "read the server's CPU time")->required();
  CLI11_PARSE(app, argc, argv);
  common::setupLogging(logLevel);

  try {
    // The video benchmarks count what their peers receive without decoding
    // it, so that the machine's time goes to the server (viewers' delay is
    // measured by one decoding peer of its own factory).
    rtc::FactoryOptions generatorOptions = rtcOptions;
    generatorOptions.decodeVideo = !(viewers->parsed() || loopback->parsed());
    rtc::Factory factory(generatorOptions);
    bench::Target target{factory, url, rtcOptions, probeMinPort, probeMaxPort};
    if (connect->parsed()) return bench::connect(target, tries);
    if (rtt->parsed()) return bench::rtt(target, count);
    if (hold->parsed()) return bench::hold(target, peers, serverPid);
    if (compositing->parsed()) {
      return bench::compositing(target, peerCounts, seconds, serverPid);
    }
    if (viewers->parsed()) {
      return bench::viewers(target, viewerCounts, viewersOptions, seconds, serverPid);
    }
    if (loopback->parsed()) return bench::loopback(target, peerCounts, seconds, serverPid);
    if (stats->parsed())
      return bench::statsPolling(target, statsExample, peers, seconds, serverPid);
    if (audio->parsed()) return bench::audio(target, streamCounts, seconds, serverPid);
    if (ceiling->parsed()) return bench::ceiling(target, mib, chunkKiB, runs);
    if (throughput->parsed()) {
      return bench::throughput(target, mib, chunkKiB, runs, serverPid);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}
