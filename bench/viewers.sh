#!/bin/sh
# Viewers of one relayed 640x480 broadcast, growing: webrtc-bench publishes
# the broadcast and keeps one decoding probe (the delay); the viewers are
# Pion WHEP viewers in build/pion-viewers (bench/pion_viewers), which count
# frames without decoding and cost the shared machine about half of what a
# libwebrtc viewer does. Video only. In a network namespace of its own
# (root), on loopback.
# Usage: bench/viewers.sh [build-dir] [counts] [seconds]
set -eu
build=${1:-build}
counts=${2:-1,8,32,64,100,150}
seconds=${3:-5}
exec unshare -n sh -eu -c '
build=$1 counts=$2 seconds=$3
ip link set lo up
"$build/webrtc-examples" --port 3000 --host 127.0.0.1 --ice-allow 127.0.0.1 --no-ice-tcp \
  --log-level warn >/tmp/webrtc-bench-viewers-server.log 2>&1 &
server=$!
sleep 1
"$build/webrtc-bench" --url http://127.0.0.1:3000 --ice-allow 127.0.0.1 --no-ice-tcp \
  --log-level error viewers --no-audio --pion-viewers "$build/pion-viewers" \
  --viewers "$counts" --seconds "$seconds" --server-pid "$server"
kill "$server"
wait "$server" || true
' sh "$build" "$counts" "$seconds"
