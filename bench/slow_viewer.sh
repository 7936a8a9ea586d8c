#!/bin/sh
# One relayed broadcast, 8 viewers, and a ninth limited to 300 kbit/s by an
# iptables hashlimit rule on its media ports (no `tc netem` on this kernel):
# its delay, and the others' frame rate, in three windows of 10 s (the
# first includes its switch to a re-encoded copy). Runs in a network
# namespace of its own (root). Usage: bench/slow_viewer.sh [build-dir]
set -eu
build=${1:-build}
exec unshare -n sh -eu -c '
build=$1
ip link set lo up
iptables -A INPUT -i lo -p udp --dport 40000:40099 -m hashlimit --hashlimit-name slow \
  --hashlimit-above 37500b/s --hashlimit-burst 75000 -j DROP
"$build/webrtc-examples" --port 3000 --host 127.0.0.1 --ice-allow 127.0.0.1 --no-ice-tcp \
  --log-level warn >/tmp/webrtc-bench-slow-server.log 2>&1 &
server=$!
sleep 1
"$build/webrtc-bench" --url http://127.0.0.1:3000 --ice-allow 127.0.0.1 --no-ice-tcp \
  --log-level error viewers --viewers 8,8,8 --seconds 10 --probe-min-port 40000 \
  --probe-max-port 40099 --server-pid "$server"
kill "$server"
' sh "$build"
