"""GET /healthz and GET /metrics of a real server (issue 16, Operations), and
the one log line a connection that did not connect leaves (Diagnostics).

The metrics must move: connections opened, connected (an aiortc ping-pong
peer), deleted, timed out and failing DTLS show in the gauges and counters.
Debian's /usr/bin/python3 with python3-aiortc; each case starts its own
server on a free loopback port (tests/hostile/harness.py)."""

import asyncio
import json
import os
import re
import sys
import unittest

from aiortc import RTCPeerConnection, RTCSessionDescription

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
import harness  # noqa: E402

# A sample line: name{labels} value (labels never hold spaces here).
SAMPLE = re.compile(r'^([a-z_]+)(\{[^}]*\})? (\S+)$')


def parse_metrics(text):
    """{'name{labels}': value}; fails on any line that is not the format."""
    samples = {}
    for line in text.splitlines():
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        match = SAMPLE.match(line)
        assert match, f"not a Prometheus sample line: {line!r}"
        samples[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return samples


def series(name, example="ping-pong", **labels):
    parts = [f'example="{example}"'] + [f'{k}="{v}"' for k, v in labels.items()]
    return name + "{" + ",".join(parts) + "}"


OPEN_NEW = series("webrtc_examples_connections", state="new")
OPEN_CONNECTED = series("webrtc_examples_connections", state="connected")
CREATED = series("webrtc_examples_connections_created_total")
DELETED = series("webrtc_examples_connections_closed_total", reason="deleted")
TIMED_OUT = series("webrtc_examples_connections_closed_total", reason="connect_timeout")
OFFERS = series("webrtc_examples_offer_duration_seconds_count")
ICE_FAILURES = series("webrtc_examples_ice_failures_total")
UDP_BYTES_SENT = 'webrtc_examples_network_bytes_total{direction="sent",protocol="udp"}'
UDP_BYTES_RECEIVED = 'webrtc_examples_network_bytes_total{direction="received",protocol="udp"}'
UDP_PACKETS_SENT = 'webrtc_examples_network_udp_packets_total{direction="sent"}'
UDP_PACKETS_RECEIVED = 'webrtc_examples_network_udp_packets_total{direction="received"}'
UDP_SEND_CALLS = "webrtc_examples_network_udp_send_calls_total"
DTLS_FAILURES = series("webrtc_examples_dtls_failures_total")


WRONG_FINGERPRINT = "a=fingerprint:sha-256 " + ":".join(["00"] * 32)


async def answering_peer(offer):
    """An aiortc peer that applied the server's `offer` and made its answer
    (its localDescription); closed again if that fails."""
    pc = RTCPeerConnection()
    try:
        await pc.setRemoteDescription(RTCSessionDescription(offer, "offer"))
        await pc.setLocalDescription(await pc.createAnswer())
    except BaseException:
        await pc.close()
        raise
    return pc


class OperationsCase(unittest.TestCase):
    flags = ()

    def setUp(self):
        self.server = harness.Server(*self.flags)
        self.addCleanup(self.server.stop)

    def metrics(self):
        status, body, headers = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8")
        return parse_metrics(body.decode())

    def create(self, example="ping-pong"):
        status, body, _ = self.server.request("POST", f"/{example}/connections")
        self.assertEqual(status, 200, body)
        return body

    def answer(self, connection_id, sdp):
        status, body, _ = self.server.request(
            "POST", f"/ping-pong/connections/{connection_id}/remote-description",
            body=json.dumps({"type": "answer", "sdp": sdp}),
            headers={"Content-Type": "application/json"})
        self.assertEqual(status, 200, body)

    def wait_for_metric(self, key, value, timeout=15):
        ok = harness.wait_until(lambda: self.metrics().get(key) == value, timeout, step=0.1)
        self.assertTrue(ok, f"{key} never became {value}: {self.metrics().get(key)}")

    def closed_lines(self, connection_id):
        return [line for line in self.server.lines if f"[{connection_id}] closed:" in line]


class HealthTest(OperationsCase):
    flags = ("--max-connections", "1")

    def test_ok_then_full_then_ok_again(self):
        status, body, headers = self.server.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["connections"], 0)
        self.assertIsInstance(body["uptimeSeconds"], int)
        self.assertEqual(headers.get("Cache-Control"), "no-store")

        created = self.create()
        status, body, _ = self.server.request("GET", "/healthz")
        self.assertEqual(status, 503)
        self.assertEqual(body["status"], "full")
        self.assertEqual(body["connections"], 1)
        self.assertIn("--max-connections", body["error"])

        status, _, _ = self.server.request("DELETE", f"/ping-pong/connections/{created['id']}")
        self.assertEqual(status, 200)
        status, body, _ = self.server.request("GET", "/healthz")
        self.assertEqual((status, body["status"]), (200, "ok"))


class MetricsTest(OperationsCase):
    flags = ("--time-to-connected-ms", "1500")

    def test_every_family_is_there_with_only_fixed_labels(self):
        text = self.server.request("GET", "/metrics")[1].decode()
        families = set(re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M))
        self.assertLessEqual({
            ("webrtc_examples_connections", "gauge"),
            ("webrtc_examples_connections_created_total", "counter"),
            ("webrtc_examples_connections_closed_total", "counter"),
            ("webrtc_examples_offer_duration_seconds", "histogram"),
            ("webrtc_examples_ice_failures_total", "counter"),
            ("webrtc_examples_dtls_failures_total", "counter"),
            ("webrtc_examples_network_bytes_total", "counter"),
            ("webrtc_examples_network_udp_packets_total", "counter"),
            ("webrtc_examples_network_udp_send_calls_total", "counter"),
            ("webrtc_examples_network_udp_packets_dropped_total", "counter"),
            ("webrtc_examples_relay_frames_received_total", "counter"),
            ("webrtc_examples_relay_frames_sent_total", "counter"),
            ("webrtc_examples_relay_frames_skipped_total", "counter"),
            ("webrtc_examples_relay_frames_held_total", "counter"),
            ("webrtc_examples_relay_key_frame_requests_total", "counter"),
            ("webrtc_examples_relay_estimate_restarts_total", "counter"),
            ("webrtc_examples_relay_switches_total", "counter"),
            ("webrtc_examples_relay_peers", "gauge"),
            ("webrtc_examples_video_frames_decoded_total", "counter"),
            ("process_resident_memory_bytes", "gauge"),
            ("process_open_fds", "gauge"),
            ("process_threads", "gauge"),
        }, families)
        samples = parse_metrics(text)
        self.assertGreater(samples["process_resident_memory_bytes"], 1e6)
        self.assertGreater(samples["process_open_fds"], 3)
        self.assertGreater(samples["process_threads"], 3)
        # Labels are example names, states, reasons, directions, protocols,
        # the relay's switch targets and modes, and decoding's results: the
        # count is fixed.
        labels = set(re.findall(r'(\w+)="', text))
        self.assertEqual(labels, {"example", "state", "reason", "le", "direction", "protocol",
                                  "to", "mode", "result"})

    def test_metrics_move_as_connections_open_connect_and_close(self):
        before = self.metrics()
        self.assertEqual(before[OPEN_NEW], 0)
        self.assertEqual(before[CREATED], 0)

        # Opened, never answered: new, then closed by the connect timer.
        unanswered = self.create()
        after = self.metrics()
        self.assertEqual(after[OPEN_NEW], 1)
        self.assertEqual(after[CREATED], 1)
        self.assertEqual(after[OFFERS], 1)
        self.wait_for_metric(TIMED_OUT, 1)
        self.assertEqual(self.metrics()[OPEN_NEW], 0)
        # Nobody answered: not an ICE failure.
        self.assertEqual(self.metrics()[ICE_FAILURES], 0)
        self.assertEqual(len(self.closed_lines(unanswered["id"])), 1)

        # A real peer: connected, then DELETEd. Its STUN and DTLS went
        # through the server's sockets.
        network = self.metrics()
        asyncio.run(self.connect_and_delete())
        after = self.metrics()
        for key in (UDP_BYTES_SENT, UDP_BYTES_RECEIVED, UDP_PACKETS_SENT, UDP_PACKETS_RECEIVED,
                    UDP_SEND_CALLS):
            self.assertGreater(after[key], network[key], key)
        # Each system call sends at least one datagram.
        self.assertLessEqual(after[UDP_SEND_CALLS] - network[UDP_SEND_CALLS],
                             after[UDP_PACKETS_SENT] - network[UDP_PACKETS_SENT])
        self.assertGreater(after[UDP_BYTES_RECEIVED] - network[UDP_BYTES_RECEIVED],
                           20 * (after[UDP_PACKETS_RECEIVED] - network[UDP_PACKETS_RECEIVED]))
        self.assertEqual(after[CREATED], 2)
        self.assertEqual(after[DELETED], 1)
        self.assertEqual(after[OPEN_CONNECTED], 0)
        self.assertEqual(after[ICE_FAILURES] + after[DTLS_FAILURES], 0)
        self.assertEqual(after[series("webrtc_examples_connections_created_total",
                                      example="sine-wave")], 0)

    async def connect_and_delete(self):
        created = await asyncio.to_thread(self.create)
        pc = await answering_peer(created["localDescription"]["sdp"])
        try:
            await asyncio.to_thread(self.answer, created["id"], pc.localDescription.sdp)
            connected = await asyncio.to_thread(
                harness.wait_until, lambda: self.metrics().get(OPEN_CONNECTED) == 1, 10, 0.1)
            self.assertTrue(connected, "the server never counted the peer as connected")
        finally:
            await pc.close()
        status, _, _ = await asyncio.to_thread(
            self.server.request, "DELETE", f"/ping-pong/connections/{created['id']}")
        self.assertEqual(status, 200)

    def test_a_failed_dtls_handshake_is_counted(self):
        asyncio.run(self.wrong_fingerprint())
        self.wait_for_metric(DTLS_FAILURES, 1)
        self.assertEqual(self.metrics()[ICE_FAILURES], 0)

    async def wrong_fingerprint(self):
        created = await asyncio.to_thread(self.create)
        pc = await answering_peer(created["localDescription"]["sdp"])
        try:
            sdp = re.sub(r"a=fingerprint:[^\r\n]*", WRONG_FINGERPRINT, pc.localDescription.sdp)
            await asyncio.to_thread(self.answer, created["id"], sdp)
            failed = await asyncio.to_thread(
                harness.wait_until, lambda: self.metrics()[DTLS_FAILURES] == 1, 10, 0.1)
            self.assertTrue(failed, "no DTLS failure counted")
        finally:
            await pc.close()


class IceDiagnosticsTest(OperationsCase):
    flags = ("--time-to-connected-ms", "1500")

    def test_an_unanswered_offer_logs_its_candidates(self):
        created = self.create()
        offered = re.findall(r"a=candidate:\S+ 1 (udp|tcp) \d+ (\S+) (\d+) typ (\w+)",
                             created["localDescription"]["sdp"])
        self.assertTrue(offered)
        self.assertTrue(harness.wait_until(lambda: self.closed_lines(created["id"]), 10))
        [line] = self.closed_lines(created["id"])
        self.assertIn("not connected (ICE and DTLS) within 1.5 s", line)
        for transport, address, port, kind in offered:
            self.assertIn(f"{transport} {address}:{port} {kind}", line)
        self.assertIn("no answer came", line)

    def test_a_peer_whose_traffic_never_arrives_logs_both_sides(self):
        # aiortc answers, then goes away before its answer is sent: the
        # server has the peer's address, and no check ever comes back.
        created = self.create()
        answer = asyncio.run(self.answer_then_vanish(created["localDescription"]["sdp"]))
        remote = re.findall(r"a=candidate:\S+ 1 (udp|UDP|tcp) \d+ (\S+) (\d+) typ (\w+)", answer)
        self.assertTrue(remote)
        self.answer(created["id"], answer)
        self.assertTrue(harness.wait_until(lambda: self.closed_lines(created["id"]), 10))
        [line] = self.closed_lines(created["id"])
        self.assertRegex(line, r"ICE (checking|failed|disconnected); offered \[udp 127\.0\.0\.1:\d+ host")
        gave = line.split("answer gave ", 1)[1]
        for transport, address, port, kind in remote:
            self.assertIn(f"{transport.lower()} {address}:{port} {kind}", gave)
        self.assertIn("learned from the peer's checks none", line)
        self.wait_for_metric(ICE_FAILURES, 1)
        self.assertEqual(self.metrics()[DTLS_FAILURES], 0)

    def test_checks_from_a_peer_that_gave_no_candidates_are_listed_as_learned(self):
        # aiortc's answer without its candidates (as a browser's may be):
        # the server learns its address from its checks (peer-reflexive),
        # and the wrong fingerprint keeps it from connecting.
        asyncio.run(self.answer_without_candidates())
        [line] = self.closed_lines(self.created["id"])
        self.assertIn("answer gave none", line)
        # libwebrtc withholds a peer-reflexive address: its port shows.
        self.assertRegex(line, r"learned from the peer's checks \[udp \?:\d+ prflx")

    async def answer_without_candidates(self):
        self.created = await asyncio.to_thread(self.create)
        pc = await answering_peer(self.created["localDescription"]["sdp"])
        try:
            sdp = re.sub(r"a=candidate:[^\r\n]*\r\n", "", pc.localDescription.sdp)
            sdp = re.sub(r"a=fingerprint:[^\r\n]*", WRONG_FINGERPRINT, sdp)
            await asyncio.to_thread(self.answer, self.created["id"], sdp)
            closed = await asyncio.to_thread(
                harness.wait_until, lambda: self.closed_lines(self.created["id"]), 10)
            self.assertTrue(closed, "the connect timer did not close the connection")
        finally:
            await pc.close()

    async def answer_then_vanish(self, offer):
        # Closing aiortc while its ICE starts makes it log the race; it is
        # the point here.
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: None)
        pc = await answering_peer(offer)
        sdp = pc.localDescription.sdp
        await pc.close()
        return sdp


if __name__ == "__main__":
    unittest.main()
