// webrtc-examples: the server. Hosts every registered example at /NAME.
#include <arpa/inet.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <thread>

#include "Example.h"
#include "common/Log.h"
#include "rest/ExamplesServer.h"
#include "rest/Tls.h"
#include "rtc/IceServer.h"

using namespace wx;

// The server allocates with jemalloc (linked in CMakeLists.txt), which reads
// this at start. Bursts of peers are made and freed on a dozen threads; with
// glibc's allocator the freed memory stayed with the process (RSS 46 -> 77
// MiB over 5,000 unanswered POSTs, still growing). Here two arenas, no
// per-thread caches and a background thread that hands pages idle for a
// second back to the kernel: after the first burst of 1,000, five more add
// under 5 % (tests/hostile/http_test.py, SoakTest). MALLOC_CONF overrides it.
extern "C" {
const char* malloc_conf =
    "narenas:2,tcache:false,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

int main(int argc, char** argv) {
  CLI::App app{"webrtc-examples: C++ WebRTC example server"};
  std::string host = "0.0.0.0";
  int port = 3000;
  int64_t timeToConnectedMs = 10'000;
  int64_t timeToHostCandidatesMs = 3'000;
  int64_t timeToReconnectedMs = 10'000;
  std::string logLevel = "info";
  rest::ExamplesServerOptions options;
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "port to listen on")->check(CLI::Range(0, 65535));
  app.add_option("--time-to-connected-ms", timeToConnectedMs, "close if ICE has not connected");
  app.add_option("--time-to-host-candidates-ms", timeToHostCandidatesMs,
                 "close if gathering has not completed");
  app.add_option("--time-to-reconnected-ms", timeToReconnectedMs,
                 "close if ICE stays disconnected or failed");
  app.add_option("--ice-allow", options.rtc.iceAllow,
                 "gather ICE candidates only on these interfaces or addresses (repeatable; "
                 "e.g. lo or 127.0.0.1)");
  app.add_option("--max-connections", options.maxConnections,
                 "refuse new connections (503) past this many; 0: no cap");
  app.add_option("--pool-max", options.rtc.pool.maxIdle,
                 "most pre-gathered peers kept warm for fast offers; 0: no pool");
  app.add_option("--opus-complexity", options.rtc.opusComplexity,
                 "Opus encoder complexity: 0 is cheapest, 10 best (libwebrtc's default is 9)")
      ->check(CLI::Range(0, 10));
  examples::ExamplesConfig examplesConfig;
  app.add_option("--record-dir", examplesConfig.recordDir,
                 "where record-audio-video-stream writes its files (created if missing)");
  bool listConnections = false;
  app.add_flag("--list-connections", listConnections,
               "answer GET /NAME/connections (every connection's ID and ICE credentials) "
               "although --host is not a loopback address");
  app.add_option("--whip-token", options.whipToken,
                 "bearer token a WHIP publisher must send (POST, PATCH and DELETE on "
                 "/broadcaster/whip); the project's own /broadcaster/connections stays open")
      ->envname("WEBRTC_EXAMPLES_WHIP_TOKEN");
  app.add_option("--max-http-connections", options.http.maxConnections,
                 "open HTTP connections at most (each idle one costs a descriptor)")
      ->check(CLI::Range(1, 1'000'000));
  std::string tlsCertificate;
  std::string tlsKey;
  bool tlsSelfSigned = false;
  auto* certOption = app.add_option("--tls-cert", tlsCertificate,
                                    "serve https: PEM certificate (chain) file, with --tls-key");
  auto* keyOption =
      app.add_option("--tls-key", tlsKey, "serve https: PEM private key file, with --tls-cert");
  certOption->needs(keyOption);
  keyOption->needs(certOption);
  app.add_flag("--tls-self-signed", tlsSelfSigned,
               "serve https with a throw-away self-signed certificate made at start")
      ->excludes(certOption);
  std::vector<std::string> announcedIps;
  app.add_option("--announced-ip", announcedIps,
                 "offer host candidates with this public address (1:1 NAT); one IPv4 and/or "
                 "one IPv6")
      ->check(CLI::ValidIPV4 | CLI::Validator(
                                   [](std::string& text) {
                                     unsigned char bytes[16];
                                     return inet_pton(AF_INET6, text.c_str(), bytes) == 1
                                                ? std::string()
                                                : text + " is not an IP address";
                                   },
                                   "IPV6"));
  app.add_flag("--keep-private-ip", options.rtc.announced.keepPrivate,
               "with --announced-ip: offer the private address too");
  auto* minPort = app.add_option("--rtc-min-port", options.rtc.minPort,
                                 "every peer's UDP and TCP ports from here (with --rtc-max-port)")
                      ->check(CLI::Range(1, 65535));
  auto* maxPort = app.add_option("--rtc-max-port", options.rtc.maxPort,
                                 "every peer's UDP and TCP ports up to here (with --rtc-min-port)")
                      ->check(CLI::Range(1, 65535));
  minPort->needs(maxPort);
  maxPort->needs(minPort);
  std::vector<std::string> iceServers;
  app.add_option("--ice-server", iceServers,
                 "STUN or TURN server for the server's peers and the pages (repeatable): "
                 "stun:HOST[:PORT], turn[s]:USER:CREDENTIAL@HOST[:PORT][?transport=udp|tcp]");
  app.add_flag("--video-relay,!--no-video-relay", options.rtc.relayVideo,
               "send viewers the broadcast's and loopback peers their own encoded video as it "
               "came, without decoding and encoding it per peer (the default; --no-video-relay: "
               "re-encode for every peer)");
  app.add_option("--max-reencoded-peers", options.rtc.maxReencodedPeers,
                 "most peers given a re-encoded copy of a relayed video at once (another codec "
                 "or too little bandwidth; 8)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--ice-tcp,!--no-ice-tcp", options.rtc.iceTcp,
               "offer passive TCP candidates besides UDP ones, for peers whose network drops "
               "UDP (the default; --no-ice-tcp: UDP only)");
  app.add_option(
      "--log-level", logLevel,
      "trace, debug, info, warn, error (libwebrtc's own lines only at debug and trace: they cost)");
  CLI11_PARSE(app, argc, argv);
  common::setupLogging(logLevel);
  for (const std::string& ip : announcedIps) {
    std::string& slot =
        ip.find(':') == std::string::npos ? options.rtc.announced.ipv4 : options.rtc.announced.ipv6;
    if (!slot.empty()) {
      spdlog::error("--announced-ip: one IPv4 and one IPv6 address at most ({} and {})", slot, ip);
      return 1;
    }
    slot = ip;
  }
  for (const std::string& text : iceServers) {
    try {
      // The server's peers gather with them, and the pages get them.
      options.rtc.iceServers.push_back(rtc::parseIceServer(text));
    } catch (const std::invalid_argument& e) {
      spdlog::error("--ice-server: {}", e.what());
      return 1;
    }
  }
  if (options.rtc.minPort > options.rtc.maxPort) {
    spdlog::error("--rtc-min-port {} is above --rtc-max-port {}", options.rtc.minPort,
                  options.rtc.maxPort);
    return 1;
  }
  options.rtc.warmPool = options.rtc.pool.maxIdle > 0;
  // The list is the seed's contract and handy on one's own machine; to
  // anyone else it hands out every connection (README: Server flags).
  options.listConnections =
      listConnections || host == "localhost" || host.starts_with("127.") || host == "::1";
  options.rtc.pool.minIdle = std::min(options.rtc.pool.minIdle, options.rtc.pool.maxIdle);
  options.timeouts = {std::chrono::milliseconds(timeToConnectedMs),
                      std::chrono::milliseconds(timeToHostCandidatesMs),
                      std::chrono::milliseconds(timeToReconnectedMs)};

  // Signals go to one thread of ours that stops the server cleanly; every
  // thread started after this inherits the blocked mask.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  try {
    if (!tlsCertificate.empty()) {
      options.http.tls = rest::loadTlsCredentials(tlsCertificate, tlsKey);
    } else if (tlsSelfSigned) {
      std::vector<std::string> names = {"localhost", "127.0.0.1", "::1"};
      char hostname[256] = {};
      if (gethostname(hostname, sizeof hostname - 1) == 0 && hostname[0]) {
        names.emplace_back(hostname);
      }
      if (std::find(names.begin(), names.end(), host) == names.end() && host != "0.0.0.0" &&
          host != "::") {
        names.push_back(host);
      }
      options.http.tls = rest::selfSignedTlsCredentials(names);
    }
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  if (options.http.tls) {
    spdlog::info("https with {}{}", options.http.tls->description,
                 tlsSelfSigned ? ": browsers will warn; for a real one see README (Deploy)" : "");
  }

  const std::vector<rest::MountedExample> mounted = examples::mountableExamples(examplesConfig);
  rest::ExamplesServer server(options, mounted);
  try {
    port = server.bind(host, port);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }

  std::atomic<bool> signalled{false};
  std::thread signalWaiter([&server, &stopSignals, &signalled] {
    int signal = 0;
    sigwait(&stopSignals, &signal);
    signalled = true;
    spdlog::info("signal {}: closing every connection", signal);
    server.beginShutdown();
    server.stop();
  });

  spdlog::info("listening on {}://{}:{} ({} examples)", options.http.tls ? "https" : "http", host,
               port, mounted.size());
  server.listen();
  server.closeAll("server shutting down");
  // listen() returned on its own (not by a signal): wake the waiter.
  if (!signalled) pthread_kill(signalWaiter.native_handle(), SIGTERM);
  signalWaiter.join();
  spdlog::info("stopped");
  return 0;
}
