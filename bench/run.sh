#!/usr/bin/env bash
# Reproduces the figures in bench/README.md: starts a server on loopback,
# runs every benchmark of webrtc-bench against it, stops it.
#   bench/run.sh [BUILD_DIR] [PEERS]
set -euo pipefail
build=${1:-build}
peers=${2:-2000}
port=3917
"$build/webrtc-examples" --port "$port" --host 127.0.0.1 --ice-allow 127.0.0.1 \
  --log-level warn >/tmp/webrtc-bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
sleep 1.5  # the warm pool fills in the first second
bench=("$build/webrtc-bench" --url "http://127.0.0.1:$port" --ice-allow 127.0.0.1 --no-ice-tcp)
echo "== connect"; "${bench[@]}" connect --tries 100
echo "== rtt";     "${bench[@]}" rtt --count 5000
echo "== throughput 16 MiB / 64 KiB"
"${bench[@]}" throughput --mib 16 --chunk-kib 64 --runs 9 --server-pid "$server"
echo "== throughput 256 MiB / 64 KiB (memory must stay bounded)"
"${bench[@]}" throughput --mib 256 --chunk-kib 64 --runs 1 --server-pid "$server"
echo "== ceiling (libwebrtc alone, in-process)"
"${bench[@]}" ceiling --mib 64 --chunk-kib 64 --runs 3
echo "== audio (server CPU per sine-wave stream)"
"${bench[@]}" audio --streams 1,10,20,50 --seconds 10 --server-pid "$server"
echo "== stats (server CPU to poll 100 peers' GET .../stats once a second)"
"${bench[@]}" stats --peers 100 --seconds 10 --server-pid "$server"
echo "== compositing (server CPU per video-compositing peer)"
"${bench[@]}" compositing --peers 1,5,10 --seconds 5 --server-pid "$server"
echo "== loopback (server CPU per audio-video-loopback peer, 640x480 relayed back)"
"${bench[@]}" loopback --peers 1,4,8 --seconds 5 --server-pid "$server"
echo "== viewers (one relayed broadcast, growing viewers, with audio)"
"${bench[@]}" viewers --viewers 1,8,32 --seconds 5 --server-pid "$server"
echo "== hold";    "${bench[@]}" hold --peers "$peers" --server-pid "$server"
