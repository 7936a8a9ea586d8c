"""The original node-webrtc-examples' clients, message for message, against
this server: what their pages and Node client send on each example's data
channel, and what they must get back (../shared/seed/PROTOCOLS.md, the
original's examples/*/client.js and server.js). The peer is aiortc, a stack
nobody here wrote; its answers say a=max-message-size:65536, which also
tests that the server keeps its messages under the peer's limit.

Debian's /usr/bin/python3 with python3-aiortc; starts its own server
(tests/hostile/harness.py)."""

import asyncio
import fractions
import json
import math
import os
import re
import sys
import unittest

from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from av import AudioFrame

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hostile"))
import harness  # noqa: E402

KIB = 1024
QUIET = 1.0  # s to wait for a message that must not come


class Peer:
    """One answering client of one example, as the original's pages are:
    POST, answer right away, collect the server's data channels and the
    messages on them (str for text, bytes for binary)."""

    def __init__(self, server, example, track=None):
        self.server = server
        self.example = example
        self.pc = RTCPeerConnection()
        self.track = track
        self.channels = {}
        self.messages = {}  # label -> asyncio.Queue
        self.opened = {}  # label -> asyncio.Event

    async def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        data = None if body is None else json.dumps(body)
        status, reply, _ = await asyncio.to_thread(
            self.server.request, method, f"/{self.example}{path}", data, headers)
        return status, reply

    async def connect(self, *labels):
        status, offer = await self.call("POST", "/connections")
        assert status == 200, (status, offer)
        self.id = offer["id"]
        for label in labels:
            self.messages[label] = asyncio.Queue()
            self.opened[label] = asyncio.Event()

        @self.pc.on("datachannel")
        def on_datachannel(channel):
            if channel.label not in self.messages:
                return
            self.channels[channel.label] = channel
            channel.on("message", self.messages[channel.label].put_nowait)
            if channel.readyState == "open":
                self.opened[channel.label].set()
            else:
                channel.on("open", self.opened[channel.label].set)

        await self.pc.setRemoteDescription(
            RTCSessionDescription(offer["localDescription"]["sdp"], "offer"))
        if self.track is not None:
            for transceiver in self.pc.getTransceivers():
                if transceiver.kind == self.track.kind:
                    transceiver.sender.replaceTrack(self.track)
                    transceiver.direction = "sendrecv"
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        self.answer = self.pc.localDescription.sdp
        status, reply = await self.call(
            "POST", f"/connections/{self.id}/remote-description",
            {"type": "answer", "sdp": self.answer})
        assert status == 200, (status, reply)
        for label in labels:
            await asyncio.wait_for(self.opened[label].wait(), 10)

    def send(self, label, message):
        self.channels[label].send(message)

    async def next(self, label, timeout=10):
        return await asyncio.wait_for(self.messages[label].get(), timeout)

    async def nothing(self, label, quiet=QUIET):
        """Asserts no message arrives on `label` for `quiet` seconds."""
        try:
            message = await asyncio.wait_for(self.messages[label].get(), quiet)
        except asyncio.TimeoutError:
            return
        raise AssertionError(f"unexpected message on {label}: {message!r:.80}")

    async def close(self):
        await self.pc.close()
        status, reply = await self.call("DELETE", f"/connections/{self.id}")
        return status, reply


class Sine(MediaStreamTrack):
    """A mono 48 kHz sine in 20 ms frames, as the original pitch-detector
    page sends with WebAudio; silent for its first `silent_s` seconds."""

    kind = "audio"

    def __init__(self, hz, silent_s=0):
        super().__init__()
        self.hz = hz
        self.silent_samples = int(silent_s * 48000)
        self.sent = 0
        self.start = None

    async def recv(self):
        rate, samples = 48000, 960
        loop = asyncio.get_running_loop()
        if self.start is None:
            self.start = loop.time()
        due = self.start + self.sent / rate
        if due > loop.time():
            await asyncio.sleep(due - loop.time())
        amplitude = 0 if self.sent < self.silent_samples else 0.5
        values = [int(amplitude * 32767 * math.sin(2 * math.pi * self.hz * (self.sent + i) / rate))
                  for i in range(samples)]
        frame = AudioFrame(format="s16", layout="mono", samples=samples)
        frame.planes[0].update(b"".join(v.to_bytes(2, "little", signed=True) for v in values))
        frame.sample_rate = rate
        frame.pts = self.sent
        frame.time_base = fractions.Fraction(1, rate)
        self.sent += samples
        return frame


class OriginalProtocols(unittest.IsolatedAsyncioTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def tearDown(self):
        self.assertIsNone(self.server.crashed())

    async def test_ping_pong_answers_text_ping_only(self):
        # The original page: text "ping"; the original server answers a text
        # "pong" to a text "ping" and nothing else.
        peer = Peer(self.server, "ping-pong")
        await peer.connect("ping-pong")
        try:
            for _ in range(3):
                peer.send("ping-pong", "ping")
                self.assertEqual(await peer.next("ping-pong"), "pong")
            for other in (b"ping", "PING", "ping ", "pong", ""):
                peer.send("ping-pong", other)
            await peer.nothing("ping-pong")
            peer.send("ping-pong", "ping")
            self.assertEqual(await peer.next("ping-pong"), "pong")
        finally:
            await peer.close()

    async def test_delete_reports_closed_states(self):
        # The original's DELETE sends the connection's JSON read after close().
        peer = Peer(self.server, "ping-pong")
        await peer.connect("ping-pong")
        status, reply = await peer.close()
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["state"], "closed")
        self.assertEqual(reply["iceConnectionState"], "closed")
        self.assertEqual(reply["signalingState"], "closed")
        self.assertEqual(reply["id"], peer.id)

    async def echo(self, chunk_kib, chunks, kind=str, start=None):
        """The original datachannel-buffer-limits page: "#START <chunkKiB>",
        chunks of '.', "#STOP"; returns (echo messages, the closing #STOP)."""
        peer = Peer(self.server, "datachannel-buffer-limits")
        await peer.connect("datachannel-buffer-limits")
        label = "datachannel-buffer-limits"
        try:
            self.assertIn("a=max-message-size:65536", peer.answer)
            chunk = "." * (chunk_kib * KIB)
            peer.send(label, start if start is not None else f"#START {chunk_kib}")
            for _ in range(chunks):
                peer.send(label, chunk if kind is str else chunk.encode())
            peer.send(label, "#STOP")
            first = await peer.next(label, 30)
            self.assertRegex(first, r"^#START \d+$")
            echoed = []
            while True:
                message = await peer.next(label, 30)
                if isinstance(message, str) and message.startswith("#STOP"):
                    self.assertRegex(message, r"^#STOP \d+$")
                    break
                echoed.append(message)
            # The channel is still open: a second round works.
            peer.send(label, "#START 16")
            peer.send(label, "." * 10)
            peer.send(label, "#STOP")
            self.assertRegex(await peer.next(label), r"^#START \d+$")
            self.assertEqual(await peer.next(label), "." * 10)
            self.assertRegex(await peer.next(label), r"^#STOP \d+$")
            return echoed
        finally:
            await peer.close()

    async def test_buffer_limits_echoes_text_as_the_original(self):
        # The original page sends text chunks and adds up data.length.
        echoed = await self.echo(64, 16)
        self.assertTrue(all(isinstance(m, str) for m in echoed))
        self.assertEqual(sum(len(m) for m in echoed), 16 * 64 * KIB)
        self.assertEqual(set("".join(echoed)), {"."})
        self.assertEqual({len(m) for m in echoed}, {64 * KIB})

    async def test_buffer_limits_echoes_binary_as_binary(self):
        echoed = await self.echo(16, 8, kind=bytes)
        self.assertTrue(all(isinstance(m, bytes) for m in echoed))
        self.assertEqual(sum(len(m) for m in echoed), 8 * 16 * KIB)

    async def test_buffer_limits_keeps_under_the_peers_max_message_size(self):
        # aiortc accepts 64 KiB messages; 128 KiB ones would close the channel.
        echoed = await self.echo(128, 4)
        self.assertEqual(sum(len(m) for m in echoed), 4 * 128 * KIB)
        self.assertLessEqual(max(len(m) for m in echoed), 64 * KIB)

    async def test_buffer_limits_start_without_a_number_means_64_kib(self):
        # parseInt gives NaN: the original keeps its default of 64 KiB.
        echoed = await self.echo(16, 8, start="#START")
        self.assertEqual(sum(len(m) for m in echoed), 8 * 16 * KIB)
        self.assertEqual(max(len(m) for m in echoed), 64 * KIB)

    async def test_pitch_detector_reports_a_bare_whole_number(self):
        peer = Peer(self.server, "pitch-detector", track=Sine(440))
        await peer.connect("frequency")
        try:
            reports = [await peer.next("frequency") for _ in range(5)]
            for report in reports:
                self.assertRegex(report, r"^\d+$")  # JSON.stringify(Math.floor(hz))
            self.assertLessEqual(abs(int(reports[-1]) - 440), 3, reports)
        finally:
            await peer.close()

    async def test_pitch_detector_sends_nothing_for_silence(self):
        # Silence for 4 s, then 660 Hz: nothing until the tone, then reports.
        peer = Peer(self.server, "pitch-detector", track=Sine(660, silent_s=4))
        await peer.connect("frequency")
        try:
            await peer.nothing("frequency", quiet=3)
            report = await peer.next("frequency", timeout=10)
            self.assertRegex(report, r"^\d+$")
        finally:
            await peer.close()


if __name__ == "__main__":
    unittest.main()
