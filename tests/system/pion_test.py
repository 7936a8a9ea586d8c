"""Pion (Go, Debian's golang-github-pion-webrtc.v3-dev) viewers of a relayed
broadcast, through bench/pion_viewers: another stack's WHEP offer, its
transport-wide congestion control feedback and NACKs, every viewer relayed at
the broadcast's rate. Then `webrtc-bench viewers --pion-viewers`, which
drives the same tool, prints the figures the benchmark promises.

Whole processes: the server, the native broadcaster (640x480) and the tool.
Debian's /usr/bin/python3; binaries from WEBRTC_EXAMPLES_BIN,
WEBRTC_CLIENT_BIN, WEBRTC_BENCH_BIN and PION_VIEWERS_BIN (CTest sets them)
or build/."""

import os
import re
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))

from harness import Server, wait_until  # noqa: E402
from relay_test import metric  # noqa: E402

BUILD = os.path.join(HERE, "..", "..", "build")
CLIENT = os.environ.get("WEBRTC_CLIENT_BIN", os.path.join(BUILD, "webrtc-client"))
BENCH = os.environ.get("WEBRTC_BENCH_BIN", os.path.join(BUILD, "webrtc-bench"))
PION = os.environ.get("PION_VIEWERS_BIN", os.path.join(BUILD, "pion-viewers"))
VIEWERS = 3


class Tool:
    """bench/pion_viewers over its stdin and stdout."""

    def __init__(self, url, *flags):
        self.process = subprocess.Popen([PION, "-url", url, *flags], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def ask(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().split()

    def numbers(self, command):
        reply = self.ask(command)
        assert reply and reply[0] == command, reply
        return [int(n) for n in reply[1:]]

    def close(self):
        if self.process.poll() is None:
            self.ask("quit")
            self.process.wait(10)


class PionViewersTest(unittest.TestCase):
    def setUp(self):
        self.server = Server("--no-ice-tcp")
        self.addCleanup(self.server.stop)
        self.url = f"http://127.0.0.1:{self.server.port}"

    def broadcast(self, seconds):
        process = subprocess.Popen(
            [CLIENT, "--url", self.url, "--ice-allow", "127.0.0.1", "--no-ice-tcp",
             "--log-level", "warn", "broadcaster", "--width", "640", "--height", "480",
             "--seconds", str(seconds)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        return process

    def test_pion_viewers_are_relayed_at_the_broadcasts_rate(self):
        self.broadcast(30)
        time.sleep(2)  # live before the viewers join
        tool = Tool(self.url, "-audio=true")
        self.addCleanup(tool.close)
        self.assertEqual(tool.ask(f"add {VIEWERS}"), ["ok", str(VIEWERS)])
        self.assertTrue(wait_until(lambda: min(tool.numbers("counts")) > 0, 10, step=0.2),
                        f"a Pion viewer got no frame: {tool.numbers('counts')}")
        joins = tool.numbers("joins")
        self.assertTrue(all(0 <= ms < 5000 for ms in joins), joins)
        self.assertEqual(metric(self.server, "webrtc_examples_relay_peers", '{mode="relay"}'),
                         VIEWERS)
        before = tool.numbers("counts")
        time.sleep(3)
        after = tool.numbers("counts")
        rates = [(b - a) / 3 for a, b in zip(before, after)]
        print(f"frames a second per Pion viewer: {rates}, first frame after answer {joins} ms",
              flush=True)
        # The broadcast is 30 fps; 20 allows a loaded test machine.
        self.assertTrue(all(rate >= 20 for rate in rates), rates)
        # Relayed, not re-encoded: Pion's feedback keeps each estimate above
        # the broadcast's bitrate.
        self.assertEqual(metric(self.server, "webrtc_examples_relay_peers",
                                '{mode="reencode"}') or 0, 0)
        # Malformed commands are answered with errors.
        self.assertEqual(tool.ask("add x")[0], "error")
        self.assertEqual(tool.ask("frobnicate")[0], "error")
        tool.close()
        self.assertEqual(tool.process.returncode, 0)
        self.assertIsNone(self.server.crashed())

    def test_the_viewers_benchmark_runs_its_viewers_in_pion(self):
        out = subprocess.run(
            [BENCH, "--url", self.url, "--ice-allow", "127.0.0.1", "--no-ice-tcp",
             "--log-level", "warn", "viewers", "--no-audio", "--pion-viewers", PION,
             "--viewers", "2,4", "--seconds", "2", "--server-pid",
             str(self.server.process.pid)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120).stdout
        print(out, flush=True)
        lines = re.findall(r"^\s*(\d+) Pion viewers of a 640x480 broadcast .*fps per viewer "
                           r"p50 ([\d.]+) min ([\d.]+);.* \((\d+) new\); probe pictures (\d+), "
                           r"corrupt (\d+); server's peers relayed (\d+)", out, re.M)
        self.assertEqual([int(line[0]) for line in lines], [2, 4], out)
        for count, _, fps_min, new, pictures, corrupt, relayed in lines:
            self.assertGreaterEqual(float(fps_min), 20, out)
            self.assertEqual(int(new), 2, out)  # every new viewer's first frame came
            self.assertGreater(int(pictures), 0, out)
            self.assertEqual(int(corrupt), 0, out)
            self.assertEqual(int(relayed), int(count) + 1, out)  # and the probe
        self.assertIsNone(self.server.crashed())


if __name__ == "__main__":
    unittest.main()
