"""Which interfaces ICE uses (issue 15, section 4), each case in a private
network namespace of its own (`unshare --net`, so this runs as root):

- only `lo`: the server offers loopback candidates, and the native client,
  given no --ice-allow either, connects and gets its pongs;
- no usable interface (lo is up without an address; a local route still
  carries HTTP to 127.0.0.1, but libwebrtc finds no interface to gather on):
  POST answers 503 with a JSON error that says why, and the server goes on;
- `lo` and another interface: the other one is offered, loopback is not.

Without unshare, ip or root this fails: a namespace we could not make proves
nothing. Debian's /usr/bin/python3; the binaries come from WEBRTC_EXAMPLES_BIN
and WEBRTC_CLIENT_BIN (CTest sets both) or build/."""

import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))

from harness import Server  # noqa: E402

CLIENT = os.environ.get(
    "WEBRTC_CLIENT_BIN", os.path.join(HERE, "..", "..", "build", "webrtc-client"))
LOOPBACK = {"127.0.0.1", "::1"}


def ip(*args):
    subprocess.run(["ip", *args], check=True)


def candidate_addresses(sdp):
    """The connection address of every a=candidate line."""
    return [line.split()[4] for line in sdp.splitlines() if line.startswith("a=candidate:")]


# Each scenario runs inside its namespace and returns what it saw, as JSON.

def loopback_only():
    ip("link", "set", "lo", "up")
    server = Server(ice_allow=None)
    try:
        status, body, _ = server.request("POST", "/ping-pong/connections")
        offered = candidate_addresses(body["localDescription"]["sdp"]) if status == 200 else []
        if status == 200:
            server.request("DELETE", f"/ping-pong/connections/{body['id']}")
        client = subprocess.run(
            [CLIENT, "ping-pong", "--url", f"http://127.0.0.1:{server.port}", "--count", "2"],
            capture_output=True, text=True, timeout=60)
    finally:
        code = server.stop()
    return {"status": status, "offered": offered, "client_code": client.returncode,
            "client_output": client.stdout + client.stderr, "server_code": code,
            "server_log": server.lines}


def no_interface():
    # lo up with no address: getifaddrs lists no address, so libwebrtc has no
    # network to gather on; the local route still delivers 127.0.0.1 (how a
    # test reaches the server at all: with lo down nothing could).
    ip("link", "set", "lo", "up")
    ip("addr", "flush", "dev", "lo")
    ip("route", "add", "local", "127.0.0.0/8", "dev", "lo", "table", "local")
    server = Server(ice_allow=None)
    try:
        answers = [server.request("POST", "/ping-pong/connections")[:2] for _ in range(2)]
        _, listed, _ = server.request("GET", "/ping-pong/connections")
        alive = server.alive()
    finally:
        code = server.stop()
    return {"answers": answers, "listed": listed, "alive": alive, "server_code": code,
            "server_log": server.lines}


def another_interface():
    ip("link", "set", "lo", "up")
    ip("link", "add", "wx0", "type", "veth", "peer", "name", "wx1")
    ip("addr", "add", "10.77.0.1/24", "dev", "wx0")
    ip("link", "set", "wx0", "up")
    ip("link", "set", "wx1", "up")
    server = Server(ice_allow=None)
    try:
        status, body, _ = server.request("POST", "/ping-pong/connections")
    finally:
        code = server.stop()
    return {"status": status,
            "offered": candidate_addresses(body["localDescription"]["sdp"]) if status == 200 else [],
            "server_code": code, "server_log": server.lines}


SCENARIOS = {f.__name__: f for f in (loopback_only, no_interface, another_interface)}


def in_namespace(scenario):
    """Runs `scenario` in a fresh network namespace; returns what it saw."""
    done = subprocess.run(
        ["unshare", "--net", "--", sys.executable, os.path.abspath(__file__), "--inside", scenario],
        capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"{scenario} failed in its namespace ({done.returncode}):\n"
                             f"{done.stdout}{done.stderr}")
    return json.loads(done.stdout)


class InterfacesTest(unittest.TestCase):
    def test_loopback_only_host_offers_loopback_and_the_native_client_connects(self):
        seen = in_namespace("loopback_only")
        log = "".join(seen["server_log"])
        self.assertEqual(seen["status"], 200, log)
        self.assertTrue(seen["offered"], log)
        self.assertLessEqual(set(seen["offered"]), LOOPBACK, seen["offered"])
        self.assertIn("127.0.0.1", seen["offered"])
        self.assertEqual(seen["client_code"], 0, seen["client_output"] + log)
        self.assertIn("2 of 2 pongs received", seen["client_output"])
        self.assertEqual(seen["server_code"], 0, log)
        self.assertIn("offering loopback candidates only", log)

    def test_host_without_usable_interface_answers_503_with_the_reason(self):
        seen = in_namespace("no_interface")
        log = "".join(seen["server_log"])
        for status, body in seen["answers"]:
            self.assertEqual(status, 503, log)
            self.assertIsInstance(body, dict, body)
            self.assertIn("no usable network interface", body["error"])
        self.assertEqual(seen["listed"], [], "a refused offer must not stay open")
        self.assertTrue(seen["alive"], log)
        self.assertEqual(seen["server_code"], 0, log)
        # The state is reported once, however many offers are refused, and
        # each refusal's reason once (with its 503).
        self.assertEqual(log.count("ICE: no usable network interface"), 1, log)
        self.assertEqual(log.count(seen["answers"][0][1]["error"]), len(seen["answers"]), log)

    def test_loopback_is_not_offered_when_another_interface_exists(self):
        seen = in_namespace("another_interface")
        log = "".join(seen["server_log"])
        self.assertEqual(seen["status"], 200, log)
        self.assertIn("10.77.0.1", seen["offered"])
        self.assertFalse(set(seen["offered"]) & LOOPBACK, seen["offered"])
        self.assertNotIn("offering loopback candidates", log)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inside":
        print(json.dumps(SCENARIOS[sys.argv[2]]()))
    else:
        unittest.main(verbosity=2)
