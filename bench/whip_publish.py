"""Publishes GStreamer's webrtcbin to a WHIP endpoint until SIGTERM, then
DELETEs the session: the publisher nobody here wrote, for bench/whip.sh.
It reuses tests/system/whip_gstreamer_test.py's WhipPublisher (640x480 30
fps ball and a sine), with VP8 at 1.5 Mbit/s as the relay benchmarks use.
Usage: python3 bench/whip_publish.py http://127.0.0.1:3000/broadcaster/whip"""

import os
import signal
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "system"))
import whip_gstreamer_test as whip  # noqa: E402

whip.VIDEO["vp8"] = whip.VIDEO["vp8"].replace("vp8enc deadline=1",
                                              "vp8enc deadline=1 target-bitrate=1500000")


def main():
    checks = unittest.TestCase()  # WhipPublisher asserts with a TestCase's methods
    publisher = whip.WhipPublisher(checks, sys.argv[1], "vp8")
    publisher.publish()
    publisher.trickle()
    print(f"published: {publisher.location}", flush=True)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    while not stopping.wait(1):
        pass
    status, _, _ = whip.http("DELETE", publisher.location)
    print(f"DELETE: {status}", flush=True)
    publisher.stop()


if __name__ == "__main__":
    main()
