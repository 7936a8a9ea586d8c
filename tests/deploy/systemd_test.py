"""deploy/webrtc-examples.service, used as far as CI allows without a running
systemd: systemd-analyze verify must accept it without a word, and its
ExecStart (binary, port and state directory substituted) must start a
server whose /healthz and /metrics answer and that stops cleanly on
SIGTERM, as systemctl stop would.

Debian's /usr/bin/python3; systemd-analyze comes with the systemd package
(scripts/install-deps.sh). Missing, the test fails: it never skips."""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
import harness  # noqa: E402

UNIT = os.path.join(HERE, "..", "..", "deploy", "webrtc-examples.service")


def service_settings(path):
    """[(key, value)] of the [Service] section, continuation lines joined."""
    settings, section, pending = [], None, ""
    with open(path) as unit:
        for raw in unit:
            line = raw.rstrip("\n")
            if pending:
                line, pending = pending + line.lstrip(), ""
            if line.endswith("\\"):
                pending = line[:-1] + " "
                continue
            stripped = line.strip()
            if not stripped or stripped[0] in "#;":
                continue
            if stripped.startswith("["):
                section = stripped
                continue
            if section == "[Service]":
                key, _, value = stripped.partition("=")
                settings.append((key.strip(), value.strip()))
    return settings


def exec_start(path):
    """The ExecStart command line as argv, with systemd's prefixes dropped."""
    commands = [value for key, value in service_settings(path) if key == "ExecStart" and value]
    assert len(commands) == 1, f"expected one ExecStart, got {commands}"
    return shlex.split(commands[0].lstrip("@-:+!"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SystemdUnitTest(unittest.TestCase):
    def test_systemd_analyze_verify_accepts_the_unit(self):
        analyze = shutil.which("systemd-analyze")
        self.assertIsNotNone(analyze, "systemd-analyze is missing: run scripts/install-deps.sh")
        with tempfile.TemporaryDirectory() as directory:
            # verify checks that ExecStart's binary exists: point it at ours.
            with open(UNIT) as unit:
                text = unit.read()
            text = text.replace("/usr/local/bin/webrtc-examples", os.path.abspath(harness.BINARY))
            unit_path = os.path.join(directory, "webrtc-examples.service")
            with open(unit_path, "w") as out:
                out.write(text)
            run = subprocess.run([analyze, "verify", "--man=no", unit_path],
                                 capture_output=True, text=True, timeout=60)
        # It returns 0 for unknown keys, which it only warns about: any word
        # from it is a failure.
        self.assertEqual((run.returncode, run.stdout + run.stderr), (0, ""))

    def test_the_unit_says_what_the_deployment_relies_on(self):
        settings = dict(service_settings(UNIT))
        self.assertEqual(settings.get("Restart"), "on-failure")
        self.assertEqual(settings.get("DynamicUser"), "yes")
        self.assertEqual(settings.get("StateDirectory"), "webrtc-examples")
        families = settings.get("RestrictAddressFamilies", "").split()
        # UDP and TCP of both families, and netlink to list the interfaces.
        self.assertLessEqual({"AF_INET", "AF_INET6", "AF_NETLINK"}, set(families))
        argv = exec_start(UNIT)
        self.assertEqual(argv[argv.index("--port") + 1], "3000")
        self.assertIn("%S/webrtc-examples", argv[argv.index("--record-dir") + 1])

    def test_its_exec_start_serves_healthz(self):
        argv = exec_start(UNIT)
        port = free_port()
        with tempfile.TemporaryDirectory() as state:
            argv[0] = os.path.abspath(harness.BINARY)
            argv[argv.index("--port") + 1] = str(port)
            argv = [arg.replace("%S", state).replace("%%", "%") for arg in argv]
            leftover = [arg for arg in argv if re.search(r"%[a-zA-Z]", arg)]
            self.assertEqual(leftover, [], "a specifier this test does not substitute")
            # systemd starts services in / with a nearly empty environment.
            process = subprocess.Popen(argv, cwd="/", env={"PATH": "/usr/bin:/bin"},
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       text=True, errors="backslashreplace")
            try:
                listening = process.stdout.readline()
                lines = [listening]
                while listening and "listening on" not in listening:
                    listening = process.stdout.readline()
                    lines.append(listening)
                self.assertIn(f":{port} ", listening, "".join(lines))
                server = _Probe(port)
                status, body, _ = server.request("GET", "/healthz")
                self.assertEqual(status, 200)
                self.assertEqual(body["status"], "ok")
                status, metrics, headers = server.request("GET", "/metrics")
                self.assertEqual(status, 200)
                self.assertIn(b"\nprocess_open_fds ", metrics)
            finally:
                process.terminate()
                output, _ = process.communicate(timeout=20)
            self.assertEqual(process.returncode, 0, output)
            self.assertIn("stopped", output)


class _Probe(harness.Server):
    """harness.Server's request() against a server started elsewhere."""

    def __init__(self, port):  # noqa: D107 - no process of its own
        self.port = port
        self.scheme = "http"


if __name__ == "__main__":
    unittest.main()
