#!/bin/sh
# Relay against re-encoding, side by side: the same build, the server with
# and without --no-video-relay, alternating for ROUNDS rounds. Each round
# measures audio-video-loopback peers (640x480 and a tone each way) and
# viewers of one 640x480 broadcast (video only, so that Opus is not in the
# figures), counting encoded frames (webrtc-bench does not decode them).
# In a network namespace of its own (root), on loopback.
# Usage: bench/relay.sh [build-dir] [rounds] [loopback-peers] [viewers]
set -eu
build=${1:-build}
rounds=${2:-3}
peers=${3:-1,2,4}
viewers=${4:-1,8}
exec unshare -n sh -eu -c '
build=$1 rounds=$2 peers=$3 viewers=$4
ip link set lo up
run() {  # mode flag...
  mode=$1
  shift
  "$build/webrtc-examples" --port 3000 --host 127.0.0.1 --ice-allow 127.0.0.1 --no-ice-tcp \
    --log-level warn "$@" >/tmp/webrtc-bench-relay-server.log 2>&1 &
  server=$!
  sleep 1
  bench="$build/webrtc-bench --url http://127.0.0.1:3000 --ice-allow 127.0.0.1 --no-ice-tcp --log-level error"
  $bench loopback --peers "$peers" --seconds 5 --server-pid "$server" | sed "s/^/$mode: /"
  $bench viewers --no-audio --viewers "$viewers" --seconds 5 --server-pid "$server" |
    sed "s/^/$mode: /"
  kill "$server"
  wait "$server" || true
}
i=1
while [ "$i" -le "$rounds" ]; do
  echo "round $i, load $(cut -d" " -f1-3 /proc/loadavg)"
  run relay
  run reencode --no-video-relay
  i=$((i + 1))
done
' sh "$build" "$rounds" "$peers" "$viewers"
