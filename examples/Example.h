// What an example is: a name, a paragraph for people, the server half
// (beforeOffer) and the native client half.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "client/ConnectionClient.h"
#include "connections/WebRtcConnection.h"

namespace wx::examples {

struct NativeClient {
  // Declares the example's own flags on its CLI subcommand.
  std::function<void(CLI::App& command)> addOptions;
  // Runs against a server once the flags are parsed; returns the exit code.
  std::function<int(client::ConnectionClient& client)> run;
};

struct Example {
  std::string name;         // folder name and URL prefix
  std::string description;  // one paragraph, shown on the index and the page
  connections::BeforeOffer beforeOffer;
  NativeClient client;
};

// Every example, in the order the index shows them (examples/Registry.cc).
// Each call makes a fresh set with its own shared state (clocks, hubs): one
// per server, so two servers in one process (tests) never share a peer.
std::vector<Example> makeExamples();

}  // namespace wx::examples
