#include "PionViewers.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace wx::bench {

PionViewers::PionViewers(const std::string& binary, const std::string& url, bool audio) {
  // A tool that died makes our next write fail (EPIPE, an exception), not
  // kill this process.
  std::signal(SIGPIPE, SIG_IGN);
  int toChild[2];
  int fromChild[2];
  if (pipe2(toChild, O_CLOEXEC) != 0) throw std::runtime_error(std::strerror(errno));
  if (pipe2(fromChild, O_CLOEXEC) != 0) {
    close(toChild[0]);
    close(toChild[1]);
    throw std::runtime_error(std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO);
  const std::string audioFlag = audio ? "-audio=true" : "-audio=false";
  std::vector<char*> argv = {const_cast<char*>(binary.c_str()), const_cast<char*>("-url"),
                             const_cast<char*>(url.c_str()), const_cast<char*>(audioFlag.c_str()),
                             nullptr};
  const int spawned = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(toChild[0]);
  close(fromChild[1]);
  if (spawned != 0) {
    close(toChild[1]);
    close(fromChild[0]);
    throw std::runtime_error(binary + ": " + std::strerror(spawned));
  }
  to_ = fdopen(toChild[1], "w");
  from_ = fdopen(fromChild[0], "r");
}

PionViewers::~PionViewers() {
  if (to_) {
    std::fputs("quit\n", to_);
    std::fclose(to_);
  }
  if (from_) std::fclose(from_);
  if (pid_ > 0) waitpid(pid_, nullptr, 0);
}

std::vector<int64_t> PionViewers::ask(const std::string& command, const std::string& expected) {
  if (std::fprintf(to_, "%s\n", command.c_str()) < 0 || std::fflush(to_) != 0) {
    throw std::runtime_error("pion-viewers: cannot write to it");
  }
  std::string line;
  for (int c = std::fgetc(from_); c != EOF && c != '\n'; c = std::fgetc(from_)) {
    line.push_back(static_cast<char>(c));
  }
  std::istringstream words(line);
  std::string first;
  words >> first;
  if (first != expected) {
    throw std::runtime_error("pion-viewers: " + (line.empty() ? "exited" : line));
  }
  std::vector<int64_t> numbers;
  for (int64_t n; words >> n;) numbers.push_back(n);
  return numbers;
}

void PionViewers::grow(int count) { ask("add " + std::to_string(count), "ok"); }

std::vector<int64_t> PionViewers::frames() { return ask("counts", "counts"); }

std::vector<int64_t> PionViewers::firstFrameMs() { return ask("joins", "joins"); }

}  // namespace wx::bench
