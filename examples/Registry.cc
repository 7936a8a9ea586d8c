// The one list of examples. Adding an example: a folder under examples/ with
// server.cc (server half), client.cc (native client half), client.js (the
// page's half), example.h and README.md; its .cc files in CMakeLists.txt; and
// one line here.
#include "Example.h"
#include "datachannel-buffer-limits/example.h"
#include "ping-pong/example.h"

namespace wx::examples {

const std::vector<Example>& registry() {
  static const std::vector<Example> all = {
      ping_pong::example(),
      datachannel_buffer_limits::example(),
  };
  return all;
}

}  // namespace wx::examples
