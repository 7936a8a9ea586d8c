// The registry and the examples/ folders must never disagree.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "Example.h"

namespace wx::examples {
namespace {

namespace fs = std::filesystem;

TEST(ExamplesRegistryTest, EveryFolderIsRegisteredAndEveryEntryHasAFolder) {
  std::set<std::string> folders;
  for (const auto& entry : fs::directory_iterator(EXAMPLES_DIR)) {
    if (entry.is_directory()) folders.insert(entry.path().filename().string());
  }
  std::set<std::string> registered;
  for (const Example& example : makeExamples()) registered.insert(example.name);
  EXPECT_EQ(folders, registered);
}

TEST(ExamplesRegistryTest, EveryExampleHasBothHalvesAndADescription) {
  for (const Example& example : makeExamples()) {
    fs::path folder = fs::path(EXAMPLES_DIR) / example.name;
    EXPECT_TRUE(fs::exists(folder / "server.cc")) << example.name;
    EXPECT_TRUE(fs::exists(folder / "client.cc")) << example.name;
    EXPECT_TRUE(example.beforeOffer) << example.name;
    EXPECT_TRUE(example.client.run) << example.name;
    EXPECT_GT(example.description.size(), 20u) << example.name;
  }
}

}  // namespace
}  // namespace wx::examples
