// Our fuzz targets, and how one file serves two builds:
//   - scripts/fuzz.sh compiles each target alone with clang, libFuzzer and
//     sanitizers, defining WX_LIBFUZZER: WX_FUZZ_ENTRY then defines the
//     LLVMFuzzerTestOneInput (and LLVMFuzzerInitialize) libFuzzer calls;
//   - the test binary links every target together, without WX_LIBFUZZER:
//     WX_FUZZ_ENTRY defines nothing, and tests/unit/FuzzCorpusTest.cc runs
//     each file of tests/fuzz/corpus/NAME through the named function.
// A target returns 0, or aborts (FUZZ_CHECK) when an invariant breaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace wx::fuzz {

// tests/fuzz/RestFuzzer.cc: requests through the Router, against fake peers.
int fuzzRest(const uint8_t* data, size_t size);
// tests/fuzz/AnswerFuzzer.cc: an answer's body, parsed and applied.
int fuzzAnswer(const uint8_t* data, size_t size);
// tests/fuzz/SdpFuzzer.cc: our SDP rewrites and their invariants.
int fuzzSdp(const uint8_t* data, size_t size);

// Prints where and what failed (and the input being replayed, if set) and
// aborts: libFuzzer saves the input as a crash, the replay test dies.
[[noreturn]] void fail(const char* file, int line, const std::string& what);
// Names the input being run, for fail()'s message (the replay test sets it).
void setInputName(std::string name);
// Our code logs every refused request; a fuzzer makes millions.
void quietLogs();

}  // namespace wx::fuzz

#define FUZZ_CHECK(condition) \
  ((condition) ? (void)0 : ::wx::fuzz::fail(__FILE__, __LINE__, "check failed: " #condition))

#ifdef WX_LIBFUZZER
#define WX_FUZZ_ENTRY(function)                                             \
  extern "C" int LLVMFuzzerInitialize(int*, char***) {                      \
    ::wx::fuzz::quietLogs();                                                \
    return 0;                                                               \
  }                                                                         \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { \
    return function(data, size);                                            \
  }
#else
#define WX_FUZZ_ENTRY(function)
#endif
