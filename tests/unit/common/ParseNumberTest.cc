#include <gtest/gtest.h>

#include "common/ParseNumber.h"

namespace wx::common {
namespace {

TEST(ParseNumber, AcceptsPlainNumbersInRange) {
  EXPECT_EQ(parseNumberIn("440", 0, 24000), 440);
  EXPECT_EQ(parseNumberIn(" 440.5\n", 0, 24000), 440.5);
  EXPECT_EQ(parseNumberIn("0", 0, 100), 0);
  EXPECT_EQ(parseNumberIn("100", 0, 100), 100);
}

TEST(ParseNumber, RefusesEverythingElse) {
  for (const char* text : {"", " ", "abc", "440Hz", "4e2", "nan", "inf", "-1", "24001", "1,5",
                           "0x10", "440 880", "{\"frequency\":440}"}) {
    EXPECT_FALSE(parseNumberIn(text, 0, 24000)) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace wx::common
