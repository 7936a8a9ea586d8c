// What an example is: a name, a paragraph for people, the server half
// (beforeOffer) and the native client half.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "client/ConnectionClient.h"
#include "connections/WebRtcConnection.h"
#include "rest/ExamplesServer.h"

namespace wx::examples {

struct NativeClient {
  // Declares the example's own flags on its CLI subcommand.
  std::function<void(CLI::App& command)> addOptions;
  // Runs against a server once the flags are parsed; returns the exit code.
  std::function<int(client::ConnectionClient& client)> run;
};

// The usual NativeClient: an Options struct holding the flags' values, with
// `void addTo(CLI::App&)` declaring them, and a run function reading them.
template <typename Options>
NativeClient makeNativeClient(int (*run)(client::ConnectionClient&, const Options&)) {
  auto options = std::make_shared<Options>();
  return {
      [options](CLI::App& command) { options->addTo(command); },
      [options, run](client::ConnectionClient& client) { return run(client, *options); },
  };
}

// Routes an example adds under its own prefix, next to /NAME/connections
// (record-audio-video-stream: its recordings). `prefix` is "/NAME".
using ExtraRoutes = std::function<void(rest::Router& router, const std::string& prefix)>;

struct Example {
  std::string name;         // folder name and URL prefix
  std::string description;  // one paragraph, shown on the index and the page
  connections::BeforeOffer beforeOffer;
  NativeClient client;
  ExtraRoutes routes = nullptr;
  // WHIP or WHEP, for examples a standard client can use (broadcaster, viewer).
  std::vector<rest::OfferEndpoint> offerEndpoints = {};
};

// What the server's flags tell the examples.
struct ExamplesConfig {
  std::filesystem::path recordDir = "recordings";  // --record-dir
};

// Every example, in the order the index shows them (examples/Registry.cc).
// Each call makes a fresh set with its own shared state (clocks, hubs): one
// per server, so two servers in one process (tests) never share a peer.
std::vector<Example> makeExamples(const ExamplesConfig& config = {});

// The server halves of makeExamples(config), as ExamplesServer mounts them.
std::vector<rest::MountedExample> mountableExamples(const ExamplesConfig& config = {});

}  // namespace wx::examples
