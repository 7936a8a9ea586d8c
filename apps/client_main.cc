// webrtc-client: the native answering side of every example.
//   webrtc-client ping-pong --url http://127.0.0.1:3000 --count 5
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "Example.h"
#include "common/Log.h"
#include "rtc/IceServer.h"

using namespace wx;

int main(int argc, char** argv) {
  CLI::App app{"webrtc-client: runs an example's client half against a webrtc-examples server"};
  client::ConnectionClientOptions options;
  rtc::FactoryOptions rtcOptions;
  std::string logLevel = "warn";
  app.add_option("--url", options.url, "the server, e.g. http://127.0.0.1:3000");
  app.add_option("--ice-allow", rtcOptions.iceAllow,
                 "gather ICE candidates only on these interfaces or addresses (repeatable)");
  app.add_option("--ca-cert", options.caCertificateFile,
                 "https: trust the server's certificate if this PEM file's CA signed it");
  app.add_flag("--insecure", options.insecure,
               "https: do not check the server's certificate (e.g. --tls-self-signed)");
  std::vector<std::string> iceServers;
  app.add_option("--ice-server", iceServers,
                 "STUN or TURN server (repeatable), as the server's --ice-server; the answer "
                 "then waits up to 2 s for our candidates");
  auto* minPort = app.add_option("--rtc-min-port", rtcOptions.minPort,
                                 "take local ports for media at or above this (with "
                                 "--rtc-max-port), as the server's flag of that name");
  auto* maxPort = app.add_option("--rtc-max-port", rtcOptions.maxPort,
                                 "take local ports for media at or below this");
  minPort->needs(maxPort)->check(CLI::Range(1, 65535));
  maxPort->needs(minPort)->check(CLI::Range(1, 65535));
  app.add_flag("--ice-tcp,!--no-ice-tcp", rtcOptions.iceTcp,
               "gather TCP candidates besides UDP ones, as browsers do (the default; "
               "--no-ice-tcp: UDP only)");
  app.add_flag("--stats", options.printStats,
               "once connected, print a line a second with both peers' bitrates, packet loss, "
               "round-trip time, video frame rate and size, and ICE path");
  app.add_option("--bearer-token", options.bearerToken,
                 "broadcaster --whip: the server's --whip-token (sent as Authorization: "
                 "Bearer)")
      ->envname("WEBRTC_EXAMPLES_WHIP_TOKEN");
  app.add_option("--log-level", logLevel, "trace, debug, info, warn, error");
  app.require_subcommand(1);
  app.fallthrough();  // --url may come after the example's name
  // One set for parsing and running: each example's flags live in it.
  const std::vector<examples::Example> all = examples::makeExamples();
  for (const examples::Example& example : all) {
    CLI::App* command = app.add_subcommand(example.name, example.description);
    if (example.client.addOptions) example.client.addOptions(*command);
  }
  CLI11_PARSE(app, argc, argv);
  for (const std::string& text : iceServers) {
    try {
      rtcOptions.iceServers.push_back(rtc::parseIceServer(text));
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "error: --ice-server: %s\n", e.what());
      return 2;
    }
  }
  options.waitForCandidates = !rtcOptions.iceServers.empty();
  common::setupLogging(logLevel);

  for (const examples::Example& example : all) {
    if (!app.got_subcommand(example.name)) continue;
    try {
      rtc::Factory factory(rtcOptions);
      options.prefix = "/" + example.name;
      client::ConnectionClient client(factory, options);
      return example.client.run(client);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      return 1;
    }
  }
  return 1;
}
