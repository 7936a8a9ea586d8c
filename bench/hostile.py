#!/usr/bin/python3
"""Figures for bench/README.md's reliability table: POST /connections latency
while 0 or N slow clients hold HTTP connections open (each drips one byte
of its headers per second), the server's threads, descriptors and RSS, and
the RSS series of an unanswered-POST soak. Starts its own server (the
binary from WEBRTC_EXAMPLES_BIN or build/webrtc-examples) on loopback.

  /usr/bin/python3 bench/hostile.py [--slow 1000] [--posts 50] [--soak 5000]
"""

import argparse
import os
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "hostile"))
from harness import Server, wait_until  # noqa: E402

POST = "/ping-pong/connections"


def post_latencies(server, count):
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, body, _ = server.request("POST", POST, timeout=30)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"POST: {status} {body}")
    return times


def describe(times):
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered):.1f} ms, p99 {p99:.1f} ms, max {ordered[-1]:.1f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--slow", type=int, default=1000, help="slow clients held open")
    parser.add_argument("--posts", type=int, default=50, help="POSTs timed per phase")
    parser.add_argument("--soak", type=int, default=5000, help="unanswered POSTs in the soak")
    args = parser.parse_args()

    server = Server("--time-to-connected-ms", "500", "--pool-max", "8")
    try:
        print(f"idle server: {server.threads()} threads, {server.descriptors()} descriptors, "
              f"RSS {server.rss_kib() / 1024:.1f} MiB")
        print(f"POST, no slow clients: {describe(post_latencies(server, args.posts))}")

        slow = []
        stop = threading.Event()
        for _ in range(args.slow):
            s = socket.create_connection(("127.0.0.1", server.port))
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)

        def drip():
            while not stop.wait(1.0):
                for s in slow:
                    s.send(b"X")

        dripper = threading.Thread(target=drip)
        dripper.start()
        try:
            print(f"with {args.slow} slow clients: {server.threads()} threads, "
                  f"{server.descriptors()} descriptors, RSS {server.rss_kib() / 1024:.1f} MiB")
            print(f"POST, {args.slow} slow clients: {describe(post_latencies(server, args.posts))}")
        finally:
            stop.set()
            dripper.join()
            for s in slow:
                s.close()

        wait_until(lambda: server.connection_count() == 0, 20)
        series = [server.rss_kib()]
        for done in range(0, args.soak, 1000):
            for _ in range(min(1000, args.soak - done)):
                server.request("POST", POST)
            wait_until(lambda: server.connection_count() == 0, 20)
            series.append(server.rss_kib())
        print("soak: RSS MiB after each 1,000 unanswered POSTs had timed out: "
              + ", ".join(f"{kib / 1024:.1f}" for kib in series))
    finally:
        code = server.stop()
        print(f"server exit code {code}")


if __name__ == "__main__":
    main()
