"""What the server logs for normal use (issue 15, section 5): a client that
connects, uses an example and closes leaves no warning or error line.

- Every video send stream used to log "ERROR: Initial encoder max bitrate =
  -1" (no max bitrate on its encodings).
- Every client close used to log dcsctp's "User-Initiated Abort" as a
  warning, though that ABORT is how a peer normally closes: now one info line.
- libwebrtc's own lines join the log only at --log-level debug and trace
  (issue 17: a registered sink made libwebrtc format every line it met);
  the close's info line comes at every level.

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
        self.server = None

    def tearDown(self):
        if self.server:
            self.server.stop()

    def start(self, level):
        self.server = Server("--log-level", level)

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

    def close_one_client(self):
        """A ping-pong client that closes: its close is one info line."""
        output = self.run_client("ping-pong", "--count", "1")
        self.assertIn("1 of 1 pongs received", output)
        self.wait_for_closed(1)
        closes = [line for line in self.server.lines
                  if "the peer closed its data channels" in line]
        self.assertEqual(len(closes), 1, self.log())
        self.assertIn(" info ", closes[0])
        self.assertIn("User-Initiated Abort", closes[0])
        self.assert_no_warnings()

    def test_a_client_close_is_one_info_line(self):
        self.start("info")
        self.close_one_client()
        # libwebrtc's own lines (it logs the ABORT as an error) stay out.
        self.assertNotIn("libwebrtc:", self.log())

    def test_at_debug_libwebrtc_joins_and_a_close_is_still_one_info_line(self):
        self.start("debug")
        self.close_one_client()
        # Its line for the ABORT, demoted: the info line above is ours.
        aborted = [line for line in self.server.lines
                   if "libwebrtc:" in line and "OnAborted" in line]
        self.assertEqual(len(aborted), 1, self.log())
        self.assertIn(" debug ", aborted[0])

    def test_video_senders_start_without_an_encoder_error(self):
        # At debug, where libwebrtc's errors would show as warnings. Both
        # send video from the server: one made, one forwarded.
        self.start("debug")
        self.run_client("video-compositing", "--seconds", "1", "--min-fps", "10")
        self.run_client("audio-video-loopback", "--seconds", "1", "--min-fps", "10")
        self.wait_for_closed(2)
        self.assertNotIn("Initial encoder max bitrate", self.log())
        self.assert_no_warnings()


if __name__ == "__main__":
    unittest.main(verbosity=2)
