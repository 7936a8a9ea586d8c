#!/usr/bin/env bash
# Builds our libFuzzer targets (tests/fuzz: rest, answer, sdp) with clang,
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer into build-fuzz/,
# runs each for SECONDS (default 60) and prints its executions and findings.
#
#   scripts/fuzz.sh [seconds-per-target] [target...]
#   FUZZ_RUNS=1000000 scripts/fuzz.sh 0 rest    # a number of executions instead
#
# Each target starts from its seeds in tests/fuzz/corpus/NAME (read only) and
# keeps what it learns in build-fuzz/corpus/NAME (not in git). An input that
# crashes, times out or breaks an invariant is copied into
# tests/fuzz/corpus/NAME/, so the test suite (ctest -R Fuzz) replays it from
# then on: commit it with the fix. Exits 1 if anything was found.
# Needs clang and libFuzzer (Debian: clang libclang-rt-dev), nothing else
# beyond the build's own packages; libwebrtc is not linked.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(rest answer sdp)
build="$here/build-fuzz"

cxx="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++ || true)}"
if [ -z "$cxx" ]; then
  echo "fuzz: clang++ not found (apt-get install clang libclang-rt-dev)" >&2
  exit 2
fi
cmake -S "$here/tests/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$build" -j "${JOBS:-1}"

# Largest input per target: a real answer with its JSON escaping (the
# 65-candidate seed is cut, the small cap still reaches the limit), a few
# requests with an answer in them.
declare -A max_len=([rest]=4096 [answer]=8192 [sdp]=4096)

status=0
summary=()
for target in "${targets[@]}"; do
  seeds="$here/tests/fuzz/corpus/$target"
  learned="$build/corpus/$target"
  artifacts="$build/artifacts/$target"
  log="$build/$target.log"
  mkdir -p "$learned" "$artifacts"
  rm -f "$artifacts"/*
  echo "fuzz: $target for ${seconds}s (log: $log)"
  # A finding stops the run (libFuzzer's exit code 1 or more); keep going to
  # report it and run the other targets. A 16 MiB quarantine instead of
  # ASan's 256 MiB lets freed pages be reused: twice the executions per
  # second, use-after-free still caught within the input that does it; and
  # 8 frames per allocation stack instead of 30 (nlohmann's are deep).
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=16:malloc_context_size=8}" \
    "$build/fuzz-$target" -max_total_time="$seconds" -runs="${FUZZ_RUNS:--1}" -max_len="${max_len[$target]:-4096}" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$here/tests/fuzz/$target.dict" -artifact_prefix="$artifacts/" \
    "$learned" "$seeds" >"$log" 2>&1 || true
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  found=0
  for artifact in "$artifacts"/*; do
    [ -e "$artifact" ] || continue
    found=$((found + 1))
    copy="$seeds/$(basename "$artifact")"
    cp "$artifact" "$copy"
    echo "fuzz: $target FOUND $(basename "$artifact") -> ${copy#"$here"/}"
    grep -m 3 -E "ERROR|check failed|runtime error|SUMMARY" "$log" | sed 's/^/    /' || true
  done
  [ "$found" -eq 0 ] || status=1
  summary+=("$(printf '%-7s %12s executions %8s exec/s  %d finding(s)' "$target" "${execs:-?}" \
    "${rate:-?}" "$found")")
done

echo
for line in "${summary[@]}"; do echo "fuzz: $line"; done
exit "$status"
