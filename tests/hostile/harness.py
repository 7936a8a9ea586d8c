"""Starts build/webrtc-examples on a free loopback port for the hostile-client
tests, and the small HTTP helpers they share. Debian's /usr/bin/python3
(python3-aiortc for the WebRTC peers); the binary comes from
WEBRTC_EXAMPLES_BIN (CTest sets it) or build/webrtc-examples."""

import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = os.environ.get(
    "WEBRTC_EXAMPLES_BIN", os.path.join(HERE, "..", "..", "build", "webrtc-examples"))


class Server:
    """One server process; its log lines are kept in `lines`. ICE stays on
    `ice_allow` (None: the server's own choice of interfaces)."""

    def __init__(self, *flags, host="127.0.0.1", binary=BINARY, ice_allow="127.0.0.1",
                 port=0, prefix=()):
        """`prefix`: a command that runs the server, e.g. ("ip", "netns", "exec", "srv")."""
        ice = ["--ice-allow", ice_allow] if ice_allow else []
        self.process = subprocess.Popen(
            [*prefix, binary, "--host", host, "--port", str(port), *ice, *flags],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="backslashreplace")
        self.lines = []
        self.port = None
        self.scheme = None
        ready = threading.Event()

        def read():
            for line in self.process.stdout:
                self.lines.append(line)
                found = re.search(r"listening on (https?)://[^:]+:(\d+)", line)
                if found:
                    self.scheme, self.port = found.group(1), int(found.group(2))
                    ready.set()
            ready.set()

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        if not ready.wait(20) or self.port is None:
            self.stop()
            raise RuntimeError("server did not start: " + "".join(self.lines))

    def request(self, method, path, body=None, headers=None, timeout=10):
        """(status, parsed JSON body or raw bytes, response headers)."""
        if self.scheme == "https":
            # The tests' certificates are self-signed: trust without checking.
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=timeout,
                context=ssl._create_unverified_context())
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            kind = response.getheader("Content-Type", "")
            parsed = json.loads(data) if kind.startswith("application/json") else data
            return response.status, parsed, dict(response.getheaders())
        finally:
            connection.close()

    def alive(self):
        return self.process.poll() is None

    def crashed(self):
        """Why the server is gone, or None while it runs."""
        code = self.process.poll()
        if code is None:
            return None
        if code < 0:
            return f"server killed by signal {signal.Signals(-code).name}"
        return f"server exited with {code}"

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def threads(self):
        return len(os.listdir(f"/proc/{self.process.pid}/task"))

    def descriptors(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def connection_count(self, example="ping-pong"):
        status, body, _ = self.request("GET", f"/{example}/connections")
        assert status == 200, (status, body)
        return len(body)

    def stop(self):
        """Stops the server; returns its exit code (0 after SIGTERM if it was well)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(5)
        self.process.stdout.close()
        return self.process.returncode


def wait_until(predicate, timeout, step=0.05):
    """True as soon as predicate() is; False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
