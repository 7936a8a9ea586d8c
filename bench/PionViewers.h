// Viewers of another stack in a process of their own: bench/pion_viewers
// (Go, Debian's Pion), driven over its stdin and stdout. Each is a WHEP
// viewer that counts frames from the RTP packets and never decodes, so that
// a hundred of them cost the shared machine a fraction of what as many
// libwebrtc receive streams cost (bench/README.md, issue 18).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace wx::bench {

class PionViewers {
 public:
  // Starts `binary -url url -audio=audio`; throws std::runtime_error if it
  // cannot. Ignores SIGPIPE for the whole process (a dead tool is an error
  // on the next command). Not thread-safe: one caller drives it.
  PionViewers(const std::string& binary, const std::string& url, bool audio);
  // Closes every viewer and waits for the process.
  ~PionViewers();
  PionViewers(const PionViewers&) = delete;
  PionViewers& operator=(const PionViewers&) = delete;

  // Connects viewers until there are `count`, each answered (WHEP 201 and
  // the answer applied) before the next. Throws with the tool's error.
  void grow(int count);
  // Complete frames each viewer has received so far, in the order added.
  std::vector<int64_t> frames();
  // Each viewer's ms from its answer to its first frame; -1: none yet.
  std::vector<int64_t> firstFrameMs();

 private:
  // Sends `command`, returns the reply's numbers after `expected` (its
  // first word); throws on "error ..." or a closed pipe.
  std::vector<int64_t> ask(const std::string& command, const std::string& expected);

  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
};

}  // namespace wx::bench
