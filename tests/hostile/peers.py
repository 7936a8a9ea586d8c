#!/usr/bin/python3
"""Hostile WebRTC peers against the server, with an innocent bystander watching.

Issue 14: a connection whose DTLS handshake fails (or never happens), an
answer with a flood of candidates, answers and DELETEs racing each other:
none may crash the server or disturb anybody else's connection. Each
scenario here:

  1. starts a bystander: a normal aiortc client on ping-pong that sends
     "ping" every 50 ms on channel 'ping-pong' and expects "pong" back;
  2. runs a hostile peer against ping-pong:
       junk-client-hello   ICE only (aioice), then a DTLS ClientHello that
                           offers no cipher the server knows (the handshake
                           fails on the server), plus some garbage records;
       wrong-fingerprint   a real aiortc client whose answer carries a
                           fingerprint that is not its certificate's (the
                           server rejects the handshake);
       silent              ICE only, then no DTLS at all: the server's DTLS
                           never leaves its handshake;
       silent-until-timer  the same, never DELETEd: the connect timer must
                           close it (it watches DTLS as well as ICE);
       candidate-flood     a real answer with 1,000 extra candidates (refused
                           with 400 at once), then one with 33 (the cap is 32);
       answer-delete-race  20 connections, each answered and DELETEd at the
                           same moment from two threads;
  3. DELETEs the hostile connection;
  4. watches the bystander for another 1.5 s.

The script exits 0 only when, in every run of every scenario, the server is
still alive and answering, and the bystander's channel stayed open with each
ping answered. It starts the server itself (--server, on a free port, ICE on
127.0.0.1 only); all traffic stays on loopback.

Needs Debian's python3-aiortc (aiortc, aioice); run with /usr/bin/python3:

  /usr/bin/python3 tests/hostile/peers.py --runs 10
"""

import argparse
import asyncio
import json
import os
import random
import re
import struct
import sys
import time
import urllib.error
import urllib.request

import aioice
import aioice.ice
from aiortc import RTCPeerConnection, RTCSessionDescription

from harness import Server

# Keep every ICE candidate on loopback, for aioice and for aiortc (which uses
# aioice): the server only gathers on 127.0.0.1 here.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PING_INTERVAL = 0.05  # s between pings
PONG_DEADLINE = 1.0  # s a ping may wait for its pong
WATCH_AFTER_DELETE = 1.5  # s the bystander is watched after the DELETE


class Failure(Exception):
    pass


# --- HTTP -------------------------------------------------------------------


class Api:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    async def call(self, method, path, body=None):
        return await asyncio.to_thread(self._call, method, path, body)

    async def create(self):
        status, body = await self.call("POST", "/ping-pong/connections")
        if status != 200:
            raise Failure(f"POST /ping-pong/connections: {status} {body}")
        return body["id"], body["localDescription"]["sdp"]

    async def answer(self, connection_id, sdp):
        status, body = await self.call(
            "POST", f"/ping-pong/connections/{connection_id}/remote-description", {"type": "answer", "sdp": sdp}
        )
        if status != 200:
            raise Failure(f"POST remote-description: {status} {body}")

    async def delete(self, connection_id):
        status, body = await self.call("DELETE", f"/ping-pong/connections/{connection_id}")
        if status not in (200, 404):  # 404: it closed itself already
            raise Failure(f"DELETE: {status} {body}")
        return status


# --- the bystander --------------------------------------------------------------


class Bystander:
    """A normal ping-pong client: one ping every 50 ms, each answered."""

    def __init__(self, api):
        self.api = api
        self.pc = RTCPeerConnection()
        self.channel = None
        self.open = asyncio.Event()
        self.sent = {}  # ping number -> time sent, until its pong arrives
        self.outstanding = []
        self.pongs = 0
        self.closed_at = None
        self.task = None

    async def start(self):
        self.connection_id, offer = await self.api.create()

        @self.pc.on("datachannel")
        def on_datachannel(channel):
            if channel.label != "ping-pong":
                return
            self.channel = channel

            @channel.on("message")
            def on_message(message):
                if message == "pong" and self.outstanding:
                    self.outstanding.pop(0)
                    self.pongs += 1

            @channel.on("close")
            def on_close():
                if self.closed_at is None:
                    self.closed_at = time.monotonic()

            if channel.readyState == "open":
                self.open.set()
            else:
                channel.on("open", self.open.set)

        await self.pc.setRemoteDescription(RTCSessionDescription(offer, "offer"))
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        await self.api.answer(self.connection_id, self.pc.localDescription.sdp)
        try:
            await asyncio.wait_for(self.open.wait(), 10)
        except asyncio.TimeoutError:
            raise Failure("bystander: channel did not open within 10 s")
        self.task = asyncio.ensure_future(self._ping())

    async def _ping(self):
        while self.closed_at is None and self.channel.readyState == "open":
            self.outstanding.append(time.monotonic())
            self.channel.send("ping")
            await asyncio.sleep(PING_INTERVAL)

    def problem(self):
        if self.closed_at is not None or (self.channel and self.channel.readyState != "open"):
            return "bystander's data channel closed"
        if self.outstanding and time.monotonic() - self.outstanding[0] > PONG_DEADLINE:
            return f"bystander's ping unanswered for {time.monotonic() - self.outstanding[0]:.1f} s"
        return None

    async def stop(self):
        if self.task:
            self.task.cancel()
        await self.pc.close()
        await self.api.delete(self.connection_id)


# --- hostile peers ----------------------------------------------------------------


def parse_offer(sdp):
    lines = sdp.replace("\r\n", "\n").split("\n")
    ufrag = next(line.split(":", 1)[1] for line in lines if line.startswith("a=ice-ufrag:"))
    pwd = next(line.split(":", 1)[1] for line in lines if line.startswith("a=ice-pwd:"))
    candidates = [line[len("a=candidate:") :] for line in lines if line.startswith("a=candidate:")]
    mids = [line.split(":", 1)[1] for line in lines if line.startswith("a=mid:")]
    return ufrag, pwd, candidates, mids


def random_fingerprint():
    return "sha-256 " + ":".join(f"{random.randrange(256):02X}" for _ in range(32))


def handmade_answer(ice, mids):
    """An answer for an ICE-only peer: data channel only, DTLS client role."""
    candidate_lines = "".join(f"a=candidate:{c.to_sdp()}\r\n" for c in ice.local_candidates)
    sdp = (
        "v=0\r\n"
        f"o=- {random.randrange(1 << 31)} 1 IN IP4 127.0.0.1\r\n"
        "s=-\r\n"
        "t=0 0\r\n"
        f"a=group:BUNDLE {mids[0]}\r\n"
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
        "c=IN IP4 0.0.0.0\r\n"
        f"a=mid:{mids[0]}\r\n"
        f"a=ice-ufrag:{ice.local_username}\r\n"
        f"a=ice-pwd:{ice.local_password}\r\n"
        f"a=fingerprint:{random_fingerprint()}\r\n"
        "a=setup:active\r\n"
        "a=sctp-port:5000\r\n"
        "a=max-message-size:262144\r\n"
        f"{candidate_lines}"
        "a=end-of-candidates\r\n"
    )
    return sdp


def dtls_record(content_type, epoch, seq, payload):
    return struct.pack("!BHH6sH", content_type, 0xFEFD, epoch, seq.to_bytes(6, "big"), len(payload)) + payload


def junk_client_hello():
    """A well-formed DTLS 1.2 ClientHello offering only TLS_NULL_WITH_NULL_NULL:
    the server has no cipher in common and fails its handshake."""
    body = (
        b"\xfe\xfd"  # client_version DTLS 1.2
        + os.urandom(32)  # random
        + b"\x00"  # session id
        + b"\x00"  # cookie
        + b"\x00\x02\x00\x00"  # cipher suites: TLS_NULL_WITH_NULL_NULL
        + b"\x01\x00"  # compression: null
    )
    handshake = struct.pack("!B3sH3s3s", 1, len(body).to_bytes(3, "big"), 0, b"\0\0\0", len(body).to_bytes(3, "big"))
    return dtls_record(22, 0, 0, handshake + body)


async def ice_only_peer(api):
    """POSTs a connection and completes ICE with aioice; no DTLS."""
    connection_id, offer = await api.create()
    ufrag, pwd, candidates, mids = parse_offer(offer)
    ice = aioice.Connection(ice_controlling=False, use_ipv6=False)
    ice.remote_username = ufrag
    ice.remote_password = pwd
    for candidate in candidates:
        parsed = aioice.Candidate.from_sdp(candidate)
        if parsed.host == "127.0.0.1":
            await ice.add_remote_candidate(parsed)
    await ice.add_remote_candidate(None)
    await ice.gather_candidates()
    await api.answer(connection_id, handmade_answer(ice, mids))
    try:
        await asyncio.wait_for(ice.connect(), 10)
    except asyncio.TimeoutError:
        raise Failure("hostile peer: ICE did not connect within 10 s")
    return connection_id, ice


async def hostile_junk_client_hello(api):
    connection_id, ice = await ice_only_peer(api)
    try:
        await asyncio.sleep(0.1)  # the server's DTLS starts once ICE is writable
        await ice.send(dtls_record(22, 0, 0, os.urandom(40)))  # garbage the server drops
        await ice.send(junk_client_hello())  # a ClientHello that fails the handshake
        await asyncio.sleep(0.3)
        await api.delete(connection_id)
    finally:
        await ice.close()


async def hostile_silent(api):
    connection_id, ice = await ice_only_peer(api)
    try:
        await asyncio.sleep(0.5)  # ICE stays up, DTLS never starts
        await api.delete(connection_id)
    finally:
        await ice.close()


async def hostile_wrong_fingerprint(api):
    connection_id, offer = await api.create()
    pc = RTCPeerConnection()
    try:
        await pc.setRemoteDescription(RTCSessionDescription(offer, "offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        sdp = re.sub(r"a=fingerprint:[^\r\n]*", "a=fingerprint:" + random_fingerprint(), pc.localDescription.sdp)
        await api.answer(connection_id, sdp)
        # aiortc runs its DTLS client; the server rejects its certificate.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and pc.connectionState not in ("failed", "closed"):
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        await api.delete(connection_id)
    finally:
        await pc.close()


async def hostile_silent_until_timer(api):
    """ICE only, answering STUN all along, never DTLS: the server must close
    the connection when its connect timer (10 s by default) fires."""
    connection_id, ice = await ice_only_peer(api)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            status, _ = await api.call("GET", f"/ping-pong/connections/{connection_id}")
            if status == 404:
                return
            await asyncio.sleep(0.25)
        raise Failure("a peer that never did DTLS was kept for 15 s")
    finally:
        await ice.close()


def with_extra_candidates(sdp, count):
    """`sdp` with `count` more host candidates in its first media section."""
    extra = "".join(
        f"a=candidate:{1000 + i} 1 udp 2122260223 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255} "
        f"{10000 + i % 50000} typ host\r\n"
        for i in range(count)
    )
    head, sep, rest = sdp.partition("\r\na=mid:")
    return head + "\r\n" + extra.rstrip("\r\n") + sep + rest


async def hostile_candidate_flood(api):
    for count, expected in ((1000, 400), (33, 400)):
        connection_id, offer = await api.create()
        pc = RTCPeerConnection()
        try:
            await pc.setRemoteDescription(RTCSessionDescription(offer, "offer"))
            await pc.setLocalDescription(await pc.createAnswer())
            sdp = with_extra_candidates(pc.localDescription.sdp, count)
            status, body = await api.call(
                "POST",
                f"/ping-pong/connections/{connection_id}/remote-description",
                {"type": "answer", "sdp": sdp},
            )
            if status != expected or "candidates" not in body.get("error", ""):
                raise Failure(f"answer with {count} extra candidates: {status} {body}")
            await api.delete(connection_id)
        finally:
            await pc.close()


async def hostile_answer_delete_race(api):
    peers = []
    try:
        for _ in range(20):
            connection_id, offer = await api.create()
            pc = RTCPeerConnection()
            peers.append(pc)
            await pc.setRemoteDescription(RTCSessionDescription(offer, "offer"))
            await pc.setLocalDescription(await pc.createAnswer())
            answer = api.call(
                "POST",
                f"/ping-pong/connections/{connection_id}/remote-description",
                {"type": "answer", "sdp": pc.localDescription.sdp},
            )
            delete = api.call("DELETE", f"/ping-pong/connections/{connection_id}")
            (answer_status, answer_body), (delete_status, delete_body) = await asyncio.gather(answer, delete)
            # Either order is fine; anything else (500, no answer) is not.
            if answer_status not in (200, 404, 409) or delete_status not in (200, 404):
                raise Failure(f"race: answer {answer_status} {answer_body}, delete {delete_status} {delete_body}")
            status, _ = await api.call("GET", f"/ping-pong/connections/{connection_id}")
            if status != 404:
                raise Failure(f"race: connection still there after DELETE ({status})")
    finally:
        for pc in peers:
            await pc.close()


SCENARIOS = {
    "junk-client-hello": hostile_junk_client_hello,
    "wrong-fingerprint": hostile_wrong_fingerprint,
    "silent": hostile_silent,
    "silent-until-timer": hostile_silent_until_timer,
    "candidate-flood": hostile_candidate_flood,
    "answer-delete-race": hostile_answer_delete_race,
}


# --- running --------------------------------------------------------------------


async def watch(server, bystander, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server and server.crashed():
            raise Failure(server.crashed())
        problem = bystander.problem()
        if problem:
            raise Failure(problem)
        await asyncio.sleep(0.02)


async def run_scenario(api, server, name):
    bystander = Bystander(api)
    await bystander.start()
    try:
        await watch(server, bystander, 0.3)
        hostile = asyncio.ensure_future(SCENARIOS[name](api))
        while not hostile.done():
            await watch(server, bystander, 0.05)
        try:
            hostile.result()
        except (urllib.error.URLError, ConnectionError) as e:
            raise Failure(f"server stopped answering: {e}")
        pongs_before = bystander.pongs
        await watch(server, bystander, WATCH_AFTER_DELETE)
        if bystander.pongs == pongs_before:
            raise Failure("bystander got no pong after the DELETE")
        status, _ = await api.call("GET", "/ping-pong/connections")
        if status != 200:
            raise Failure(f"GET /ping-pong/connections: {status}")
    finally:
        try:
            await bystander.stop()
        except Exception:
            pass


def quiet_peer_errors(loop, context):
    """aiortc's background tasks fail noisily once a peer is gone; that is
    expected here (a hostile peer's transport closes under it) and the
    checks above report what matters."""
    if isinstance(context.get("exception"), ConnectionError):
        return
    loop.default_exception_handler(context)


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default=os.path.join(ROOT, "build", "webrtc-examples"))
    parser.add_argument("--url", help="use a running server instead of starting one")
    parser.add_argument("--runs", type=int, default=1, help="rounds of every scenario")
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS), help="only these (repeatable)")
    parser.add_argument("--server-arg", action="append", default=[], help="passed to the server (repeatable)")
    args = parser.parse_args()
    asyncio.get_running_loop().set_exception_handler(quiet_peer_errors)
    names = args.scenario or list(SCENARIOS)

    server = None
    if args.url:
        api = Api(args.url)
    else:
        server = Server(*args.server_arg, binary=args.server)
        api = Api(f"http://127.0.0.1:{server.port}")

    failures = 0
    try:
        for run in range(1, args.runs + 1):
            for name in names:
                started = time.monotonic()
                try:
                    await run_scenario(api, server, name)
                    print(f"run {run} {name}: ok ({time.monotonic() - started:.1f} s)", flush=True)
                except Failure as e:
                    failures += 1
                    print(f"run {run} {name}: FAILED: {e}", flush=True)
                    if server and server.crashed():
                        print("server log, last lines:\n" + "".join(server.lines[-40:]), flush=True)
                        return 1
    finally:
        if server:
            crashed = server.crashed()
            await asyncio.to_thread(server.stop)
            if crashed:
                print(crashed, flush=True)
                failures += 1
    total = args.runs * len(names)
    print(f"{total - failures} of {total} passed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
