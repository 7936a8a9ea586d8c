#!/bin/sh
# One relayed broadcast, 8 viewers, and a ninth limited to 300 kbit/s on its
# media ports (no `tc netem` on this kernel): its delay, and the others'
# frame rate, in three windows of 10 s (the first includes its switch to a
# re-encoded copy). LIMIT=policer (the default): an iptables hashlimit rule
# drops what exceeds the rate, with no queue; LIMIT=shaper: HTB with a
# 30-packet FIFO, a link with a router's queue. Runs in a network namespace
# of its own (root). Usage: [LIMIT=shaper] bench/slow_viewer.sh [build-dir]
set -eu
build=${1:-build}
exec unshare -n sh -eu -c '
build=$1
ip link set lo up
if [ "${LIMIT:-policer}" = shaper ]; then
  tc qdisc add dev lo root handle 1: htb
  tc class add dev lo parent 1: classid 1:20 htb rate 300kbit ceil 300kbit
  tc qdisc add dev lo parent 1:20 handle 20: pfifo limit 30
  # UDP to ports 40000-40063 (the mask keeps their top ten bits).
  tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip protocol 17 0xff \
    match ip dport 40000 0xffc0 flowid 1:20
else
  iptables -A INPUT -i lo -p udp --dport 40000:40063 -m hashlimit --hashlimit-name slow \
    --hashlimit-above 37500b/s --hashlimit-burst 75000 -j DROP
fi
"$build/webrtc-examples" --port 3000 --host 127.0.0.1 --ice-allow 127.0.0.1 --no-ice-tcp \
  --log-level warn >/tmp/webrtc-bench-slow-server.log 2>&1 &
server=$!
sleep 1
"$build/webrtc-bench" --url http://127.0.0.1:3000 --ice-allow 127.0.0.1 --no-ice-tcp \
  --log-level error viewers --viewers 8,8,8 --seconds 10 --probe-min-port 40000 \
  --probe-max-port 40063 --server-pid "$server"
kill "$server"
' sh "$build"
