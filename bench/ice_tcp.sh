#!/usr/bin/env bash
# What ICE-TCP (passive TCP candidates, the server's default) costs per peer:
# the server with and without it, alternating, ROUNDS times. Each round
# starts a fresh server on loopback, then prints POST and channel-open
# latency (100 sequential connects, warm pool on), the same with the pool
# off (--pool-max 0: every offer from a fresh peer), and descriptors and
# memory per held peer (PEERS held peers).
#   bench/ice_tcp.sh [BUILD_DIR] [ROUNDS] [PEERS]
set -euo pipefail
build=${1:-build}
rounds=${2:-3}
peers=${3:-300}
port=3918
bench=("$build/webrtc-bench" --url "http://127.0.0.1:$port" --ice-allow 127.0.0.1 --no-ice-tcp)

run() {  # server flags...
  "$build/webrtc-examples" --port "$port" --host 127.0.0.1 --ice-allow 127.0.0.1 \
    --log-level warn "$@" >/tmp/webrtc-bench-ice-tcp.log 2>&1 &
  local server=$!
  sleep 1.5  # the warm pool fills in the first second
  "${bench[@]}" connect --tries 100
  "${bench[@]}" hold --peers "$peers" --server-pid "$server" | grep "per peer"
  kill "$server"
  wait "$server" 2>/dev/null || true
}

for round in $(seq "$rounds"); do
  for mode in --ice-tcp --no-ice-tcp; do
    echo "== round $round: server $mode"
    run "$mode"
    echo "== round $round: server $mode --pool-max 0"
    run "$mode" --pool-max 0
  done
done
