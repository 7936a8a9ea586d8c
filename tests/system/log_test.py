"""What the server logs for normal use (issue 15, section 5): a client that
connects, uses an example and closes leaves no warning or error line.

- Every video send stream used to log "ERROR: Initial encoder max bitrate =
  -1" (no max bitrate on its encodings).
- Every client close used to log dcsctp's "User-Initiated Abort" as a
  warning, though that ABORT is how a peer normally closes: now one info line.

Real processes: build/webrtc-examples and build/webrtc-client (the client
closes its peer, which sends the ABORT, before it DELETEs the connection).
Debian's /usr/bin/python3; binaries from WEBRTC_EXAMPLES_BIN and
WEBRTC_CLIENT_BIN (CTest sets both) or build/."""

import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))

from harness import Server, wait_until  # noqa: E402

CLIENT = os.environ.get(
    "WEBRTC_CLIENT_BIN", os.path.join(HERE, "..", "..", "build", "webrtc-client"))
LEVEL = re.compile(r"^\S+ (warning|error|critical) ")


class LogTest(unittest.TestCase):
    def setUp(self):
        self.server = Server()

    def tearDown(self):
        self.server.stop()

    def run_client(self, *args):
        done = subprocess.run(
            [CLIENT, *args, "--url", f"http://127.0.0.1:{self.server.port}",
             "--ice-allow", "127.0.0.1"],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        return done.stdout

    def log(self):
        return "".join(self.server.lines)

    def wait_for_closed(self, count):
        """Until the server has closed `count` connections (its log says so)."""
        self.assertTrue(
            wait_until(lambda: len(re.findall(r"\] closed: ", self.log())) >= count, 10),
            self.log())

    def assert_no_warnings(self):
        noisy = [line for line in self.server.lines if LEVEL.match(line)]
        self.assertEqual(noisy, [], self.log())

    def test_a_client_close_is_one_info_line(self):
        output = self.run_client("ping-pong", "--count", "1")
        self.assertIn("1 of 1 pongs received", output)
        self.wait_for_closed(1)
        closes = [line for line in self.server.lines
                  if "the peer closed its data channels" in line]
        self.assertEqual(len(closes), 1, self.log())
        self.assertIn(" info ", closes[0])
        self.assertIn("User-Initiated Abort", closes[0])
        self.assert_no_warnings()

    def test_video_senders_start_without_an_encoder_error(self):
        # Both send video from the server: one made, one forwarded.
        self.run_client("video-compositing", "--seconds", "1", "--min-fps", "10")
        self.run_client("audio-video-loopback", "--seconds", "1", "--min-fps", "10")
        self.wait_for_closed(2)
        self.assertNotIn("Initial encoder max bitrate", self.log())
        self.assert_no_warnings()


if __name__ == "__main__":
    unittest.main(verbosity=2)
