// Replays every file of tests/fuzz/corpus/NAME through fuzz target NAME, so
// that each seed and every input a fuzzer ever found (scripts/fuzz.sh copies
// them there) runs in CI, under the same invariants. A broken invariant
// aborts the test and names the input.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/FuzzTarget.h"

namespace wx::fuzz {
namespace {

struct Target {
  const char* name;
  int (*run)(const uint8_t* data, size_t size);
};

void PrintTo(const Target& target, std::ostream* os) { *os << target.name; }

class FuzzCorpusTest : public ::testing::TestWithParam<Target> {};

TEST_P(FuzzCorpusTest, ReplaysEveryInput) {
  const std::filesystem::path dir = std::filesystem::path(FUZZ_CORPUS_DIR) / GetParam().name;
  std::vector<std::filesystem::path> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  ASSERT_FALSE(inputs.empty()) << "no inputs in " << dir;

  // Refused requests log a warning each; the fuzzer runs quiet too.
  const spdlog::level::level_enum level = spdlog::get_level();
  quietLogs();
  for (const std::filesystem::path& input : inputs) {
    std::ifstream file(input, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(file), {}};
    setInputName(input.string());
    EXPECT_EQ(GetParam().run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0)
        << input;
  }
  setInputName({});
  spdlog::set_level(level);
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpusTest,
                         ::testing::Values(Target{"rest", fuzzRest}, Target{"answer", fuzzAnswer},
                                           Target{"sdp", fuzzSdp}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wx::fuzz
