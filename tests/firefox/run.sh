#!/bin/sh
# Runs the Firefox tests in a network namespace of their own with one
# interface (a veth pair; this kernel has no dummy), 10.99.0.1, and a default
# route through it, which the server also offers (FIREFOX_ICE_ADDRESS).
# Debian's firefox-esr 153 gathers no loopback candidates here, with
# media.peerconnection.ice.loopback or without, and no host candidate at all
# without a default route. Needs root (unshare, ip); fails without them.
set -eu
cd "$(dirname "$0")"
exec unshare --net sh -c '
  ip link set lo up &&
  ip link add fx0 type veth peer name fx1 &&
  ip link set fx1 up &&
  ip addr add 10.99.0.1/24 dev fx0 &&
  ip link set fx0 up &&
  ip route add default dev fx0 &&
  FIREFOX_ICE_ADDRESS=10.99.0.1 exec node --test --test-reporter=spec "$@"' sh "$@"
