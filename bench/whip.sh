#!/bin/sh
# Issue 20's figure: a WHIP publisher nobody here wrote (GStreamer's
# webrtcbin, bench/whip_publish.py: 640x480 30 fps VP8 at 1.5 Mbit/s and
# Opus) and growing numbers of viewers, every second one playing with WHEP,
# the others with the project's contract; server CPU and each viewer's
# frame rate (webrtc-bench viewers --mixed --external-broadcast). The
# publisher's encoding runs on the same 2 cores. In a network namespace of
# its own (root), on loopback.
# Usage: bench/whip.sh [build-dir] [viewers] [rounds]
set -eu
build=${1:-build}
viewers=${2:-1,8,32,50}
rounds=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
exec unshare -n sh -eu -c '
build=$1 viewers=$2 rounds=$3 here=$4
ip link set lo up
i=1
while [ "$i" -le "$rounds" ]; do
  echo "round $i, load $(cut -d" " -f1-3 /proc/loadavg)"
  "$build/webrtc-examples" --port 3000 --host 127.0.0.1 --ice-allow 127.0.0.1 --no-ice-tcp \
    --log-level warn >/tmp/webrtc-bench-whip-server.log 2>&1 &
  server=$!
  sleep 1
  /usr/bin/python3 "$here/whip_publish.py" http://127.0.0.1:3000/broadcaster/whip \
    >/tmp/webrtc-bench-whip-publisher.log 2>&1 &
  publisher=$!
  sleep 3  # connected and live (the server checks twice a second)
  "$build/webrtc-bench" --url http://127.0.0.1:3000 --ice-allow 127.0.0.1 --no-ice-tcp \
    --log-level error viewers --mixed --external-broadcast --viewers "$viewers" --seconds 5 \
    --server-pid "$server"
  kill "$publisher"
  wait "$publisher" || true
  kill "$server"
  wait "$server" || true
  i=$((i + 1))
done
' sh "$build" "$viewers" "$rounds" "$here"
