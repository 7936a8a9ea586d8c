#!/usr/bin/env bash
# Installs every Debian package and npm module the project needs. Idempotent:
# re-running it on a machine that already has everything is quick.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  libtgowt-dev            # libwebrtc (tg_owt snapshot, ~M110), static
  libcpp-httplib-dev      # HTTP client (native client, tests)
  libmicrohttpd-dev       # HTTP server: one epoll thread for every socket
  libgnutls28-dev         # https: certificates (libmicrohttpd serves TLS with GnuTLS)
  libjemalloc-dev         # the server's allocator: gives memory back after bursts
  nlohmann-json3-dev      # JSON
  libspdlog-dev           # logging
  libcli11-dev            # command-line flags
  libgtest-dev googletest # unit and integration tests
  libcairo2-dev           # video-compositing text
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev # recording
  ffmpeg                  # ffprobe, used by the recording tests
  chromium                # real-browser tests
  firefox-esr             # real-browser tests in Firefox (tests/firefox)
  nginx                   # reverse-proxy test of deploy/nginx.conf
  python3-aiortc          # hostile-client and protocol tests: a second WebRTC stack
  python3-cryptography    # https tests: certificates (tests/deploy)
  iptables                # network tests: NAT and firewalls in namespaces (tests/deploy)
  coturn                  # network tests: a TURN server (tests/deploy)
  libnetfilter-queue-dev  # bench/nfq_delay.c: a long path without netem (bench/foreign.sh DELAY_MS)
  python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-gst-plugins-bad-1.0 # WHIP interop test and bench: GStreamer's webrtcbin publishes
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-nice
  golang-go golang-github-pion-webrtc.v3-dev # bench/pion_viewers: light WHEP viewers on another stack (Pion), for the viewers benchmark and an interop test
  systemd                 # systemd-analyze verify: deploy/webrtc-examples.service (tests/deploy)
  clang-format
)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# Node.js drives chromium through playwright-core; use the machine's own if it has one.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_if_needed apt-get update
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

here="$(cd "$(dirname "$0")/.." && pwd)"
# uPlot, which the server embeds for the pages' statistics panel (CMake
# reads it from web/node_modules at configure time).
if [ ! -d "$here/web/node_modules/uplot" ]; then
  (cd "$here/web" && npm ci --no-audit --no-fund)
fi
# playwright-core (never a browser download: we use Debian's chromium) and
# whip-whep (the WHIP and WHEP clients the browser test runs).
if { [ ! -d "$here/tests/browser/node_modules/playwright-core" ] || [ ! -d "$here/tests/browser/node_modules/whip-whep" ]; } && [ -f "$here/tests/browser/package.json" ]; then
  # npm ci: exactly the versions in package-lock.json.
  (cd "$here/tests/browser" && npm ci --no-audit --no-fund)
fi
# puppeteer-core only: it drives Debian's firefox-esr over WebDriver BiDi and
# downloads no browser.
if [ ! -d "$here/tests/firefox/node_modules/puppeteer-core" ] && [ -f "$here/tests/firefox/package.json" ]; then
  (cd "$here/tests/firefox" && npm ci --no-audit --no-fund)
fi

# bench/foreign.sh's clients (issue 17): @roamhq/wrtc 0.10.0, whose npm
# package brings its prebuilt libwebrtc (@roamhq/wrtc-linux-x64), and
# playwright-core and puppeteer-core for its browser runs (no download).
if { [ ! -d "$here/bench/foreign/node_modules/@roamhq/wrtc" ] || [ ! -d "$here/bench/foreign/node_modules/puppeteer-core" ]; } && [ -f "$here/bench/foreign/package.json" ]; then
  (cd "$here/bench/foreign" && npm ci --no-audit --no-fund)
fi
