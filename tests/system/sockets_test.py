"""How many sockets each peer holds, warm pool included (issue 16).

Each peer gathers on one address here (--ice-allow 127.0.0.1): one UDP
socket and, with ICE-TCP (the default), one listening TCP socket. libwebrtc's
default port allocator gave a peer still gathering a second gathering each
time another peer started (a burst of them when the warm pool refills), up
to 8 TCP listeners and 2 UDP sockets a peer. So after 20 offers, with at most
8 warm peers besides them, the server may hold at most 28 of each, and holds
at least 20 (one per connection: ICE-TCP is on).

Debian's /usr/bin/python3; the binary from WEBRTC_EXAMPLES_BIN (CTest sets
it) or build/."""

import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))

from harness import Server  # noqa: E402

CONNECTIONS = 20
POOL_MAX = 8
TCP_LISTEN = "0A"  # /proc/net/tcp's st column


def socket_inodes(pid):
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except FileNotFoundError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes


def table_inodes(pid, name, state=None):
    """Inodes of /proc/PID/net/NAME rows (in `state`, when given)."""
    inodes = set()
    with open(f"/proc/{pid}/net/{name}") as table:
        next(table)
        for row in table:
            fields = row.split()
            if state is None or fields[3] == state:
                inodes.add(fields[9])
    return inodes


class SocketsPerPeerTest(unittest.TestCase):
    def test_each_peer_holds_one_udp_socket_and_one_tcp_listener_per_address(self):
        server = Server("--pool-max", str(POOL_MAX))
        self.addCleanup(server.stop)
        for _ in range(CONNECTIONS):
            status, body, _ = server.request("POST", "/ping-pong/connections")
            self.assertEqual(status, 200, body)
            self.assertIn(" tcptype passive", body["localDescription"]["sdp"])
        time.sleep(1.5)  # the pool refills, and its peers finish gathering
        pid = server.process.pid
        mine = socket_inodes(pid)
        listeners = mine & (table_inodes(pid, "tcp", TCP_LISTEN) |
                            table_inodes(pid, "tcp6", TCP_LISTEN))
        udp = mine & (table_inodes(pid, "udp") | table_inodes(pid, "udp6"))
        bound = CONNECTIONS + POOL_MAX
        # The HTTP server listens too: one TCP listener more.
        self.assertGreaterEqual(len(listeners), CONNECTIONS + 1)
        self.assertLessEqual(len(listeners), bound + 1, "listening TCP sockets")
        self.assertGreaterEqual(len(udp), CONNECTIONS)
        self.assertLessEqual(len(udp), bound, "UDP sockets")
        self.assertIsNone(server.crashed())


if __name__ == "__main__":
    unittest.main()
