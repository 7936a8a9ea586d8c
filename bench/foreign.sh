#!/usr/bin/env bash
# Data channels with other stacks (issue 17), side by side: the original
# node-webrtc example server and this server, each fresh, alternating over
# ROUNDS rounds. Each round runs, with 9 runs of a 16 MiB echo in 64 KiB
# binary chunks each:
#   1. the Node client (bench/foreign/echo.mjs, @roamhq/wrtc 0.10.0) against
#      the original server (node-webrtc/node-webrtc-examples from the mirror,
#      with `wrtc` aliased to npm:@roamhq/wrtc@0.10.0);
#   2. the same Node client against this server;
#   3. webrtc-bench throughput (our native client) against this server;
#   4. headless Chromium (bench/foreign/browser-echo.mjs: the same echo
#      client as 1, in a page) against the original, then this server;
#   5. headless Firefox, likewise.
# Then prints a table of the medians, per round and over the rounds, and
# this server's rates over the original's with each client.
#   bench/foreign.sh [ROUNDS=3] [RUNS=9]
# As root, everything after the installs runs in a network namespace of its
# own with one veth interface, 10.99.0.1, and a default route (Firefox
# gathers no loopback candidates: tests/firefox/run.sh), and both servers
# listen and gather there only. Otherwise on 127.0.0.1, without Firefox.
# Environment: SERVER (build/webrtc-examples), BENCH (build/webrtc-bench),
# ORIGINAL_GIT (the original's git dir), ORIGINAL_DIR (an installed checkout
# to reuse instead of a fresh temp one), PORT_OURS (4210), PORT_ORIGINAL
# (4211), CLIENTS (which of node native chromium firefox to run; all),
# DELAY_MS (root only: every UDP packet in the namespace is held that long
# by bench/nfq_delay.c, so the round trip grows by twice DELAY_MS: a long
# path without netem; 0, none, by default).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
rounds=${1:-3}
runs=${2:-9}
mib=16
chunk_kib=64
server_bin=${SERVER:-$root/build/webrtc-examples}
bench_bin=${BENCH:-$root/build/webrtc-bench}
original_git=${ORIGINAL_GIT:-/work/.mirror/node-webrtc+node-webrtc-examples/repo}
port_ours=${PORT_OURS:-4210}
port_original=${PORT_ORIGINAL:-4211}
foreign="$here/foreign"
clients=${CLIENTS:-node native chromium firefox}
delay_ms=${DELAY_MS:-0}
address=127.0.0.1
if [ -n "${FOREIGN_NETNS:-}" ]; then
  address=10.99.0.1  # we are the namespace's half (below): measure only
fi
work=$(mktemp -d /tmp/bench-foreign.XXXXXX)
server_pid=""  # the one server running, if any
delay_pid=""   # nfq_delay's, with DELAY_MS
cleanup() {
  stop_server
  if [ -n "$delay_pid" ]; then kill "$delay_pid" 2>/dev/null || true; wait "$delay_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for f in "$server_bin" "$bench_bin"; do
  [ -x "$f" ] || { echo "foreign.sh: $f is missing: build first (make)" >&2; exit 1; }
done
if [ ! -d "$foreign/node_modules/@roamhq/wrtc" ] || [ ! -d "$foreign/node_modules/playwright-core" ]; then
  (cd "$foreign" && npm ci --no-audit --no-fund)
fi

# The original server. Its package.json wants, besides wrtc, GitHub's
# kevincennis/Scope (a git dependency: unreachable without GitHub), canvas,
# ffmpeg and browserify, which only the other examples and the pages need;
# its index.js listens on *:3000. So we install only what the
# datachannel-buffer-limits path requires (express, body-parser, uuid, at
# the ranges its package.json gives, and wrtc) and start that example alone
# with bench/foreign/original-server.cjs.
original=""
if [ -n "${ORIGINAL_DIR:-}" ]; then
  original=$ORIGINAL_DIR
elif [ -n "${FOREIGN_NETNS:-}" ]; then
  :  # the first half had no original to hand over, and said why
elif git --git-dir="$original_git" rev-parse -q --verify HEAD >/dev/null 2>&1; then
  original="$work/original"
  mkdir -p "$original"
  git --git-dir="$original_git" archive HEAD | tar -x -C "$original"
  echo "== original: node-webrtc-examples $(git --git-dir="$original_git" rev-parse --short HEAD);" \
    "installing express, body-parser, uuid, wrtc=npm:@roamhq/wrtc@0.10.0"
  (cd "$original" && node -e '
      const fs = require("fs");
      const p = JSON.parse(fs.readFileSync("package.json"));
      const keep = ["express", "body-parser", "uuid"];
      p.dependencies = Object.fromEntries(keep.map((k) => [k, p.dependencies[k]]));
      p.dependencies.wrtc = "npm:@roamhq/wrtc@0.10.0";
      delete p.devDependencies;
      fs.writeFileSync("package.json", JSON.stringify(p, null, 2));' &&
    npm install --no-audit --no-fund --loglevel=error >"$work/original-npm.log" 2>&1 &&
    echo "== original's packages: $(npm ls --depth=0 --parseable --long | sed -n '2,$s/.*://p' |
      tr '\n' ' ')") || {
      echo "foreign.sh: npm install of the original failed (below); using the issue's figures" >&2
      tail -20 "$work/original-npm.log" >&2
      original=""
    }
else
  echo "foreign.sh: no git repository at $original_git; using the issue's reference figures" >&2
fi

wait_http() {  # URL PID
  for _ in $(seq 100); do
    node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# URL LOG NAME: waits until server_pid answers URL, or shows its log and fails.
await_server() {
  wait_http "$1" "$server_pid" && return 0
  echo "foreign.sh: $3 did not start:" >&2
  tail -20 "$2" >&2
  return 1
}

start_original() {
  node "$foreign/original-server.cjs" "$original" "$port_original" "$address" \
    >"$work/original-server.log" 2>&1 &
  server_pid=$!
  # The original answers GET /NAME/connections with its list.
  await_server "http://$address:$port_original/datachannel-buffer-limits/connections" \
    "$work/original-server.log" "the original server"
}

start_ours() {
  "$server_bin" --port "$port_ours" --host "$address" --ice-allow "$address" --log-level warn \
    >"$work/ours-server.log" 2>&1 &
  server_pid=$!
  await_server "http://$address:$port_ours/healthz" "$work/ours-server.log" "our server" || return 1
  sleep 1.5  # the warm pool fills in the first second (as bench/run.sh)
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# The measuring half, in a namespace of its own (as root): the installs
# above needed the network; this half reuses the original's checkout.
if [ -z "${FOREIGN_NETNS:-}" ] && [ "$(id -u)" -eq 0 ]; then
  status=0
  if [ "$delay_ms" != 0 ]; then
    cc -O2 -o "$work/nfq_delay" "$here/nfq_delay.c" -lnetfilter_queue -lnfnetlink
  fi
  NFQ_DELAY=$work/nfq_delay ORIGINAL_DIR=$original FOREIGN_NETNS=1 unshare --net sh -c '
    ip link set lo up && ip link add fx0 type veth peer name fx1 && ip link set fx1 up &&
    ip addr add 10.99.0.1/24 dev fx0 && ip link set fx0 up && ip route add default dev fx0 &&
    exec bash "$0" "$@"' "$0" "$@" || status=$?
  exit $status
fi
if [ "$delay_ms" != 0 ]; then
  [ -n "${FOREIGN_NETNS:-}" ] || { echo "foreign.sh: DELAY_MS needs root (a namespace and iptables)" >&2; exit 1; }
  iptables -A OUTPUT -o lo -p udp -j NFQUEUE --queue-num 0
  "$NFQ_DELAY" 0 "$delay_ms" &
  delay_pid=$!
fi
if [ "$address" = 127.0.0.1 ] && [[ " $clients " == *" firefox "* ]]; then
  echo "foreign.sh: not root, so no namespace: Firefox gathers no loopback candidates;" \
    "running without it" >&2
  clients=${clients//firefox/}
fi

results="$work/results"  # lines: ROUND CASE UP DOWN
: >"$results"
p50() {  # upload|download FILE: the p50 of that line of a webrtc-bench style printout
  awk -v what="$1" '$1 == what {
    for (i = 2; i <= NF; i++) if ($i ~ /^p50=/) { v = substr($i, 5); if (v == "") v = $(i + 1); print v }
  }' "$2"
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
rcvbuf_errors() {  # UDP datagrams dropped at a full receive buffer, machine-wide
  awk '/^Udp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i } else print $c }' \
    /proc/net/snmp
}
run_case() {  # ROUND CASE TITLE START_FUNCTION COMMAND...
  local round=$1 name=$2 title=$3 start=$4 out="$work/out" before
  shift 4
  echo "== round $round: $title; load $(load)"
  "$start" || { echo "$round $name fail fail" >>"$results"; return 0; }
  before=$(rcvbuf_errors)
  "$@" | tee "$out" || true
  echo "UDP RcvbufErrors during the set (machine-wide): $(($(rcvbuf_errors) - before))"
  echo "$round $name $(p50 upload "$out" | grep . || echo fail) $(p50 download "$out" | grep . || echo fail)" \
    >>"$results"
  stop_server
}

echo "== $(date -u '+%F %T') UTC, $(nproc) cores; load: $(load); UDP held ${delay_ms} ms each way"
# Candidates are cut to $address (offer and answer) for both servers: the
# original gathers on every interface (ours is started with --ice-allow).
echo_flags=(--mib "$mib" --chunk-kib "$chunk_kib" --runs "$runs" --only-address "$address")
want() { [[ " $clients " == *" $1 "* ]]; }
for round in $(seq "$rounds"); do
  if want node; then
    if [ -n "$original" ]; then
      run_case "$round" original-node "Node client (@roamhq/wrtc) -> original node-webrtc server" \
        start_original node "$foreign/echo.mjs" "${echo_flags[@]}" --url "http://$address:$port_original"
    fi
    run_case "$round" ours-node "Node client (@roamhq/wrtc) -> this server" \
      start_ours node "$foreign/echo.mjs" "${echo_flags[@]}" --url "http://$address:$port_ours"
  fi
  if want native; then
    run_case "$round" ours-native "native client (webrtc-bench) -> this server" \
      start_ours "$bench_bin" --url "http://$address:$port_ours" --ice-allow "$address" --no-ice-tcp \
      throughput --mib "$mib" --chunk-kib "$chunk_kib" --runs "$runs"
  fi
  for browser in chromium firefox; do
    want "$browser" || continue
    if [ -n "$original" ]; then
      run_case "$round" "original-$browser" "headless $browser -> original node-webrtc server" \
        start_original node "$foreign/browser-echo.mjs" --browser "$browser" "${echo_flags[@]}" \
        --url "http://$address:$port_original" --page /datachannel-buffer-limits/connections
    fi
    run_case "$round" "ours-$browser" "headless $browser -> this server" \
      start_ours node "$foreign/browser-echo.mjs" --browser "$browser" "${echo_flags[@]}" \
      --url "http://$address:$port_ours"
  done
done

echo
echo "== medians of $runs runs each ($mib MiB, $chunk_kib KiB chunks), Mbit/s up / down;" \
  "load after: $(load)"
node - "$results" "$rounds" "$([ -n "$original" ] && echo yes || echo no)" <<'EOF'
const fs = require('fs');
const [file, rounds, haveOriginal] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean)
    .map((l) => l.split(' '));
const cases = [
  ['original-node', 'original node-webrtc server, Node client (@roamhq/wrtc)'],
  ['ours-node', 'this server, Node client (@roamhq/wrtc)'],
  ['ours-native', 'this server, native client (webrtc-bench)'],
  ['original-chromium', 'original node-webrtc server, headless Chromium'],
  ['ours-chromium', 'this server, headless Chromium'],
  ['original-firefox', 'original node-webrtc server, headless Firefox'],
  ['ours-firefox', 'this server, headless Firefox'],
];
const fmt = (x) => (x === 'fail' || x === undefined ? 'fail' : Number(x).toFixed(0));
const median = (xs) => {
  const s = xs.filter((x) => x !== 'fail').map(Number).sort((a, b) => a - b);
  return s.length ? s[Math.min(Math.round(0.5 * (s.length - 1)), s.length - 1)] : undefined;
};
const header = ['server, client'];
for (let r = 1; r <= Number(rounds); ++r) header.push(`round ${r}`);
header.push('median of rounds');
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const [key, name] of cases) {
  const mine = rows.filter((r) => r[1] === key);
  if (!mine.length) {
    if (key === 'original-node' && haveOriginal === 'no') {
      const notRun = Array.from({length: Number(rounds)}, () => 'not run');
      console.log(`| ${[name, ...notRun, "the issue's: 589 / 569 (quiet machine)"].join(' | ')} |`);
    }
    continue;
  }
  const cells = [name];
  for (let r = 1; r <= Number(rounds); ++r) {
    const row = mine.find((x) => x[0] === String(r));
    cells.push(row ? `${fmt(row[2])} / ${fmt(row[3])}` : '');
  }
  cells.push(`${fmt(median(mine.map((x) => x[2])))} / ${fmt(median(mine.map((x) => x[3])))}`);
  console.log(`| ${cells.join(' | ')} |`);
}
// This server's median of rounds over the original's, per client.
const ratios = [];
for (const client of ['node', 'chromium', 'firefox']) {
  const of = (key, i) => median(rows.filter((r) => r[1] === key).map((x) => x[i]));
  const cell = (i) => {
    const a = of(`ours-${client}`, i);
    const b = of(`original-${client}`, i);
    return a !== undefined && b ? (a / b).toFixed(2) : '?';
  };
  if (rows.some((r) => r[1] === `original-${client}`)) ratios.push(`${client} ${cell(2)} / ${cell(3)}`);
}
if (ratios.length) console.log(`\nthis server / original (up / down): ${ratios.join('; ')}`);
EOF
