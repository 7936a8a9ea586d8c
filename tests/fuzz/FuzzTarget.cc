#include "fuzz/FuzzTarget.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>

namespace wx::fuzz {
namespace {

std::string& inputName() {
  static std::string name;
  return name;
}

}  // namespace

void fail(const char* file, int line, const std::string& what) {
  std::fprintf(stderr, "%s:%d: %s\n", file, line, what.c_str());
  if (!inputName().empty()) std::fprintf(stderr, "while running %s\n", inputName().c_str());
  std::abort();
}

void setInputName(std::string name) { inputName() = std::move(name); }

void quietLogs() { spdlog::set_level(spdlog::level::off); }

}  // namespace wx::fuzz
