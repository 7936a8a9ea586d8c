"""The server on a real network, built out of network namespaces joined by
veth pairs (addresses exist only inside them; this runs as root):

- behind a 1:1 NAT (iptables DNAT/SNAT), the native client on the public
  side connects with --announced-ip, and not without it;
- behind a stateful firewall that lets in only the API's TCP port and the
  --rtc-min-port..--rtc-max-port UDP range, the client connects, and not
  when the server's ports are not confined to the range;
- a client whose network drops all UDP connects over ICE-TCP (the server's
  passive TCP candidates, the default), and not with --no-ice-tcp;
- the same client connects through Debian's coturn over TCP (TURN, the
  native client's --ice-server), and not without it;
- behind the same NAT without --announced-ip, the server's peers learn their
  public address from coturn as a STUN server (the server's --ice-server);
- headless Chromium on the client's side opens the pages over https
  (--tls-self-signed) through the NAT: ping-pong, and the camera page
  (audio-video-loopback), whose video comes back (nat-pages.mjs).

Each check that must connect has a control that must not, so a topology that
does not do what it says fails the test. Without ip, iptables, turnserver or
root this fails rather than skips. Debian's /usr/bin/python3; binaries from
WEBRTC_EXAMPLES_BIN and WEBRTC_CLIENT_BIN (CTest sets both) or build/."""

import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
import harness  # noqa: E402

NAT_PAGES = os.path.join(HERE, "nat-pages.mjs")
CLIENT = os.environ.get(
    "WEBRTC_CLIENT_BIN", os.path.join(os.path.dirname(harness.BINARY), "webrtc-client"))
API_PORT = 3000
PRIVATE, GATEWAY_INSIDE = "10.10.0.2", "10.10.0.1"
PUBLIC, GATEWAY_OUTSIDE, CLIENT_IP = "198.51.100.10", "198.51.100.1", "198.51.100.20"


# Prints the body of a GET of the URL in argv[1] (run inside a namespace).
HTTP_GET = """import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())"""

# Prints the offer of a POST to the URL in argv[1] (run inside a namespace).
POST_OFFER = """import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1], method="POST")
print(json.load(urllib.request.urlopen(request, timeout=10))["localDescription"]["sdp"])"""


def run(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True)


class Topology:
    """Namespaces srv -- nat -- cli. `nat` routes between 10.10.0.0/24 (the
    server's private network) and 198.51.100.0/24 (the client's)."""

    def __init__(self):
        tag = f"{os.getpid() % 100000}"
        self.srv, self.nat, self.cli = f"wx-srv{tag}", f"wx-nat{tag}", f"wx-cli{tag}"
        for ns in (self.srv, self.nat, self.cli):
            run("ip", "netns", "add", ns)
            # IPv4 only: a veth's IPv6 link-local address comes a second or
            # two after the link, once duplicate address detection is done,
            # and Chromium, started by then, aborts its navigation with
            # net::ERR_NETWORK_CHANGED (seen once in the https test).
            self.ns(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
            self.ns(ns, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1")
            self.ns(ns, "ip", "link", "set", "lo", "up")
        self.link(self.srv, "s0", PRIVATE, self.nat, "n0", GATEWAY_INSIDE)
        self.link(self.cli, "c0", CLIENT_IP, self.nat, "n1", GATEWAY_OUTSIDE)
        self.ns(self.nat, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        self.ns(self.srv, "ip", "route", "add", "default", "via", GATEWAY_INSIDE)
        self.ns(self.cli, "ip", "route", "add", "default", "via", GATEWAY_OUTSIDE)

    def ns(self, ns, *args, check=True):
        return run("ip", "netns", "exec", ns, *args, check=check)

    def link(self, ns_a, a, ip_a, ns_b, b, ip_b):
        run("ip", "link", "add", a, "netns", ns_a, "type", "veth", "peer", b, "netns", ns_b)
        self.ns(ns_a, "ip", "addr", "add", f"{ip_a}/24", "dev", a)
        self.ns(ns_b, "ip", "addr", "add", f"{ip_b}/24", "dev", b)
        self.ns(ns_a, "ip", "link", "set", a, "up")
        self.ns(ns_b, "ip", "link", "set", b, "up")

    def one_to_one_nat(self):
        """PUBLIC on the client's side is the server's PRIVATE address."""
        self.ns(self.nat, "ip", "addr", "add", f"{PUBLIC}/32", "dev", "n1")
        self.ns(self.nat, "iptables", "-t", "nat", "-A", "PREROUTING", "-d", PUBLIC,
                "-j", "DNAT", "--to-destination", PRIVATE)
        self.ns(self.nat, "iptables", "-t", "nat", "-A", "POSTROUTING", "-s", PRIVATE,
                "-j", "SNAT", "--to-source", PUBLIC)
        # Nothing reaches the private network except through the mapping.
        self.ns(self.nat, "iptables", "-A", "FORWARD", "-d", "10.10.0.0/24", "-m", "conntrack",
                "!", "--ctstate", "DNAT,ESTABLISHED,RELATED", "-j", "DROP")
        # The client's side, like most clients' networks, takes UDP only in
        # answer to what it sent (coturn's STUN port aside, for the STUN
        # case). Otherwise the server's own connectivity checks, sent out
        # through the mapping, can reach a client that was offered only the
        # private address, and ICE connects peer-reflexively: the control
        # without --announced-ip then connects now and then.
        self.ns(self.nat, "iptables", "-A", "FORWARD", "-d", CLIENT_IP, "-p", "udp",
                "!", "--dport", "3478", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP")

    def server(self, *flags):
        server = harness.Server(*flags, host="0.0.0.0", ice_allow=None, port=API_PORT,
                                prefix=("ip", "netns", "exec", self.srv))
        return server

    def client(self, address, example="ping-pong", *flags):
        args = [CLIENT, example, "--url", f"http://{address}:{API_PORT}", *flags]
        if example == "ping-pong":
            args += ["--count", "3", "--interval-ms", "200"]
        return self.ns(self.cli, *args, "--log-level", "error", check=False)

    def close(self):
        for ns in (self.srv, self.nat, self.cli):
            run("ip", "netns", "del", ns, check=False)


class NetworkTest(unittest.TestCase):
    def setUp(self):
        self.net = Topology()
        self.addCleanup(self.net.close)

    def serve(self, *flags):
        server = self.net.server(*flags)
        self.addCleanup(server.stop)
        return server

    def coturn(self, ns, *flags):
        """Debian's coturn on port 3478 in namespace `ns`, until the test ends."""
        server = subprocess.Popen(
            ["ip", "netns", "exec", ns, "turnserver", "-n", "--no-cli", "--no-tls", "--no-dtls",
             "--listening-port", "3478", "--fingerprint", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.addCleanup(server.wait)
        self.addCleanup(server.kill)
        self.addCleanup(server.stdout.close)
        return server

    def assertConnects(self, result, what):
        self.assertEqual(result.returncode, 0, f"{what}:\n{result.stdout}{result.stderr}")

    def assertFailsToConnect(self, result, what):
        self.assertNotEqual(result.returncode, 0, f"{what} connected:\n{result.stdout}")

    def test_behind_a_one_to_one_nat_with_the_announced_address(self):
        self.net.one_to_one_nat()
        announced = self.serve("--announced-ip", PUBLIC)
        self.assertConnects(self.net.client(PUBLIC), "ping-pong through the NAT")
        video = self.net.client(PUBLIC, "audio-video-loopback", "--seconds", "2",
                                "--min-fps", "10")
        self.assertConnects(video, "audio-video-loopback through the NAT")
        announced.stop()
        # Control: the private address is unreachable from the client.
        self.serve()
        self.assertFailsToConnect(self.net.client(PUBLIC), "without --announced-ip")

    def test_chromium_through_the_nat_over_https(self):
        self.net.one_to_one_nat()
        self.serve("--announced-ip", PUBLIC, "--tls-self-signed")
        pages = self.net.ns(self.net.cli, "node", NAT_PAGES, f"https://{PUBLIC}:{API_PORT}",
                            check=False)
        self.assertEqual(pages.returncode, 0, f"{pages.stdout}{pages.stderr}")
        self.assertIn("frames came back through the NAT", pages.stdout)

    def test_behind_a_one_to_one_nat_with_a_stun_server(self):
        self.net.one_to_one_nat()
        # Debian's coturn as a STUN server out on the client's network: the
        # server's peers learn their public address from it (srflx).
        self.coturn(self.net.cli, "--stun-only", "-L", CLIENT_IP)
        self.serve("--ice-server", f"stun:{CLIENT_IP}:3478")
        offer = self.net.ns(self.net.cli, sys.executable, "-c", POST_OFFER,
                            f"http://{PUBLIC}:{API_PORT}/ping-pong/connections").stdout
        self.assertRegex(offer, rf"a=candidate:\S+ 1 udp \d+ {PUBLIC} \d+ typ srflx")
        self.assertConnects(self.net.client(PUBLIC), "ping-pong through the NAT via STUN")
        # The control is the test above's: without it, the client cannot connect.

    def test_behind_a_firewall_open_for_the_api_and_the_port_range(self):
        srv = self.net.srv
        for rule in (["-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"],
                     ["-i", "lo", "-j", "ACCEPT"],
                     ["-p", "tcp", "--dport", str(API_PORT), "-j", "ACCEPT"],
                     ["-p", "udp", "--dport", "40000:40099", "-j", "ACCEPT"],
                     ["-j", "DROP"]):
            self.net.ns(srv, "iptables", "-A", "INPUT", *rule)
        confined = self.serve("--rtc-min-port", "40000", "--rtc-max-port", "40099")
        self.assertConnects(self.net.client(PRIVATE), "ping-pong through the firewall")
        confined.stop()
        # Control: ports anywhere (outside the range) are dropped.
        self.serve()
        self.assertFailsToConnect(self.net.client(PRIVATE), "with ports outside the range")

    def test_a_client_whose_network_drops_udp_connects_over_ice_tcp(self):
        for chain in ("INPUT", "OUTPUT"):
            self.net.ns(self.net.cli, "iptables", "-A", chain, "-p", "udp", "!", "-o" if chain
                        == "OUTPUT" else "-i", "lo", "-j", "DROP")
        tcp = self.serve()  # ICE-TCP is the default
        self.assertConnects(self.net.client(PRIVATE), "ping-pong over ICE-TCP")
        # /metrics counts what went over TCP.
        metrics = self.net.ns(self.net.cli, sys.executable, "-c", HTTP_GET,
                              f"http://{PRIVATE}:{API_PORT}/metrics").stdout
        for direction in ("sent", "received"):
            counted = re.search(r'^webrtc_examples_network_bytes_total\{direction="' + direction
                                + r'",protocol="tcp"\} (\d+)', metrics, re.M)
            self.assertTrue(counted and int(counted.group(1)) > 0, metrics)
        tcp.stop()
        # Control: UDP candidates only.
        self.serve("--no-ice-tcp")
        self.assertFailsToConnect(self.net.client(PRIVATE), "with --no-ice-tcp")

    def test_a_client_whose_network_drops_udp_connects_through_turn_over_tcp(self):
        for chain, way in (("INPUT", "-i"), ("OUTPUT", "-o")):
            self.net.ns(self.net.cli, "iptables", "-A", chain, "-p", "udp", "!", way, "lo",
                        "-j", "DROP")
        # Debian's coturn in the middle: clients on its outside address over
        # TCP, relaying over UDP from its inside one.
        self.coturn(self.net.nat, "-L", GATEWAY_OUTSIDE, "-E", GATEWAY_INSIDE,
                    "--lt-cred-mech", "--user", "wx:secret", "--realm", "wx",
                    "--min-port", "50000", "--max-port", "50100", "--allowed-peer-ip", PRIVATE)
        self.serve("--no-ice-tcp")  # so TURN is the only way
        relayed = self.net.client(
            PRIVATE, "ping-pong", "--ice-server",
            f"turn:wx:secret@{GATEWAY_OUTSIDE}:3478?transport=tcp")
        self.assertConnects(relayed, "ping-pong through TURN over TCP")
        # Control: without the TURN server (and without ICE-TCP) UDP is all.
        self.assertFailsToConnect(self.net.client(PRIVATE), "without TURN")


class PortRangeTest(unittest.TestCase):
    """Every peer's port comes from the range; when it runs out, POST is 503."""

    def test_ports_stay_in_the_range_and_exhaustion_is_a_503(self):
        # One address (loopback), no warm pool: one UDP and one TCP port a
        # peer (the same number may serve both).
        server = harness.Server("--rtc-min-port", "42000", "--rtc-max-port", "42001",
                                "--pool-max", "0")
        self.addCleanup(server.stop)
        ids = []
        for _ in range(2):
            status, body, _ = server.request("POST", "/ping-pong/connections")
            self.assertEqual(status, 200, body)
            ids.append(body["id"])
            ports = {(line.split()[2], int(line.split()[5]))
                     for line in body["localDescription"]["sdp"].splitlines()
                     if line.startswith("a=candidate:")}
            self.assertEqual({protocol for protocol, _ in ports}, {"udp", "tcp"}, ports)
            self.assertTrue(all(42000 <= port <= 42001 for _, port in ports), ports)
        status, body, _ = server.request("POST", "/ping-pong/connections")
        self.assertEqual(status, 503, body)
        self.assertIn("--rtc-min-port", body["error"])
        status, _, _ = server.request("DELETE", f"/ping-pong/connections/{ids[0]}")
        self.assertEqual(status, 200)
        self.assertTrue(harness.wait_until(
            lambda: server.request("POST", "/ping-pong/connections")[0] == 200, 5))
        self.assertIsNone(server.crashed())


if __name__ == "__main__":
    unittest.main()
