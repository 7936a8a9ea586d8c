"""Interop: GStreamer's webrtcbin publishes to /broadcaster/whip (RFC 9725),
and native viewers watch it, one with WHEP (/viewer/whep) and one with the
project's own REST contract.

webrtcbin is a WHIP publisher peer nobody in this project wrote; only the
small WHIP HTTP glue below is ours (urllib). It does what GStreamer's
simple-whip-client does (Debian 12's package of it aborts at start: it loads
libsoup2 and libsoup3 into one process): the transceivers sendonly,
on-negotiation-needed -> create-offer -> set-local-description -> POST the
offer -> 201 with a Location -> set-remote-description with the answer;
the candidates webrtcbin gathers go to the Location with PATCH
(application/trickle-ice-sdpfrag, RFC 8840), then a=end-of-candidates;
DELETE ends the session.

- VP8 + Opus: both viewers get >= 25 fps at 640x480 and sound, both relayed
  (/metrics: webrtc_examples_relay_peers{mode="relay"} 2, "reencode" 0).
- H.264 (x264enc, constrained baseline): both viewers get >= 25 fps at
  640x480; whether they were relayed or re-encoded is printed, not asserted.
- After DELETE the server lists no open connection for the broadcaster.

Viewers join once the server has made the publisher live (its log says so):
one that came before would be offered VP8 first and, for an H.264
broadcast, be re-encoded for as long as it watches. webrtcbin gathers on
127.0.0.1 only, as the native peers here (--ice-allow 127.0.0.1).

Debian's /usr/bin/python3 with python3-gi, gir1.2-gstreamer-1.0,
gir1.2-gst-plugins-base-1.0 (GstSdp), gir1.2-gst-plugins-bad-1.0
(GstWebRTC) and the elements of gstreamer1.0-plugins-base, -good (vp8enc),
-bad (webrtcbin), -ugly (x264enc) and gstreamer1.0-nice (libnice).
Binaries from WEBRTC_EXAMPLES_BIN and WEBRTC_CLIENT_BIN (CTest sets them) or
build/."""

import ctypes
import os
import queue
import re
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request
from urllib.parse import urljoin

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))

from harness import Server, wait_until  # noqa: E402

CLIENT = os.environ.get(
    "WEBRTC_CLIENT_BIN", os.path.join(HERE, "..", "..", "build", "webrtc-client"))
WATCH_SECONDS = 6
CONNECT_SECONDS = 10
MIN_FPS = 25

VIDEO = {
    "vp8": "vp8enc deadline=1 ! rtpvp8pay pt=96 ssrc=2 ! queue ! "
           "application/x-rtp,media=video,encoding-name=VP8,payload=96",
    # config-interval=1, not -1: on a machine of more than one core,
    # x264enc's tune=zerolatency cuts each picture into slices (one per
    # thread: sliced-threads), and -1 makes
    # rtph264pay put SPS and PPS before every IDR *slice*, so a key frame's
    # STAP-A packets carry them between its slices; the server's libwebrtc
    # then passes on only 10-20 of the 30 frames a second. x264enc repeats
    # SPS and PPS before each IDR picture itself; 1 adds them once a second.
    "h264": "x264enc tune=zerolatency speed-preset=ultrafast bitrate=1000 key-int-max=30 ! "
            "video/x-h264,profile=constrained-baseline ! "
            "rtph264pay pt=102 ssrc=2 config-interval=1 aggregate-mode=zero-latency ! queue ! "
            "application/x-rtp,media=video,encoding-name=H264,payload=102",
}
# The ball on grey, not videotestsrc's black: the native viewer takes a
# picture whose top band is all black or white for the native broadcaster's
# numbered pattern (common/PatternCheck), and finds a black ball "corrupt".
PIPELINE = (
    "videotestsrc is-live=true pattern=ball background-color=0xff808080 ! "
    "video/x-raw,width=640,height=480,framerate=30/1 ! "
    "videoconvert ! queue ! {video} ! webrtcbin name=sendonly bundle-policy=max-bundle "
    "audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! queue ! opusenc ! "
    "rtpopuspay pt=111 ssrc=1 ! queue ! "
    "application/x-rtp,media=audio,encoding-name=OPUS,payload=111 ! sendonly.")

RELAY_PEERS = "webrtc_examples_relay_peers"
FRAMES = re.compile(r"^received (\d+) frames \(([\d.]+) a second\) at (\d+)x(\d+)$", re.M)
SOUND = re.compile(r"^received ([\d.]+) s of sound$", re.M)
LIVE = re.compile(r" broadcast \d+ is live for ")

Gst.init(None)


def http(method, url, body=None, content_type=None, timeout=10):
    """(status, headers, body bytes) of one request; error statuses too."""
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def metrics(server):
    """{labels: value} of webrtc_examples_relay_peers, e.g. {'relay': 2.0}."""
    status, body, _ = server.request("GET", "/metrics")
    if status != 200:
        raise AssertionError(f"/metrics answered {status}")
    text = body.decode() if isinstance(body, bytes) else str(body)
    return {mode: float(value) for mode, value in re.findall(
        "^" + re.escape(RELAY_PEERS) + r'\{mode="(\w+)"\} (\S+)$', text, re.M)}


def promised(emit, *args):
    """Emits an action signal that takes a GstPromise last; waits for its reply."""
    promise = Gst.Promise.new()
    emit(*args, promise)
    result = promise.wait()
    if result != Gst.PromiseResult.REPLIED:
        raise AssertionError(f"{args[0]}: promise {result.value_nick}")
    reply = promise.get_reply()
    if reply is not None and reply.has_field("error"):
        raise AssertionError(f"{args[0]}: {reply.get_value('error')}")
    return reply


def ice_agent(webrtcbin):
    """webrtcbin's GstWebRTCICE. GStreamer 1.22's webrtcbin keeps its agent
    floating, so PyGObject sinks webrtcbin's own reference when it wraps the
    property's value and frees the agent with the wrapper; an extra reference
    for webrtcbin keeps it alive (later GStreamers hold their own: two)."""
    agent = webrtcbin.get_property("ice-agent")
    if agent.ref_count == 1:
        get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
        get_pointer.restype = ctypes.c_void_p
        get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
        g_object_ref = ctypes.CDLL("libgobject-2.0.so.0").g_object_ref
        g_object_ref.restype = ctypes.c_void_p
        g_object_ref.argtypes = [ctypes.c_void_p]
        g_object_ref(get_pointer(agent.__gpointer__, None))
    return agent


def sections(sdp):
    """[(m= line, mid)] of each media section of an SDP, in order."""
    found = []
    for line in sdp.splitlines():
        if line.startswith("m="):
            found.append([line, None])
        elif line.startswith("a=mid:") and found:
            found[-1][1] = line[len("a=mid:"):]
    return [tuple(section) for section in found]


def attribute(sdp, name):
    found = re.search(r"^a=" + name + r":(\S+)", sdp, re.M)
    return found.group(1) if found else None


class WhipPublisher:
    """webrtcbin sending a 640x480 30 fps ball and a sine, published with WHIP."""

    def __init__(self, test, endpoint, video):
        self.test = test
        self.endpoint = endpoint
        self.pipeline = Gst.parse_launch(PIPELINE.format(video=VIDEO[video]))
        self.webrtc = self.pipeline.get_by_name("sendonly")
        # Loopback only, as every peer in these tests (--ice-allow
        # 127.0.0.1): libnice leaves loopback addresses out unless told.
        ice_agent(self.webrtc).emit("add-local-ip-address", "127.0.0.1")
        self.errors = []
        self.negotiation_needed = threading.Event()
        self.candidates = queue.Queue()  # (m-line index, candidate); None: gathering done
        self.patches = []  # (status, fragment)
        self.location = None
        self.offer = None
        self.answer = None
        self.webrtc.connect("on-negotiation-needed", lambda _: self.negotiation_needed.set())
        self.webrtc.connect("on-ice-candidate",
                            lambda _, index, candidate: self.candidates.put((index, candidate)))
        self.webrtc.connect("notify::ice-gathering-state", self._on_gathering_state)
        index = 0
        while True:
            transceiver = self.webrtc.emit("get-transceiver", index)
            if transceiver is None:
                break
            transceiver.set_property("direction",
                                     GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
            index += 1
        test.assertEqual(index, 2, "one video and one audio transceiver")

        # The bus's messages (errors, warnings) come on the GLib main loop,
        # run in a thread (one publisher at a time).
        self.bus = self.pipeline.get_bus()
        self.bus.add_signal_watch()
        self.bus.connect("message", self._on_message)
        self.loop = GLib.MainLoop()
        self.thread = threading.Thread(target=self.loop.run, daemon=True)
        self.thread.start()

    def _on_gathering_state(self, webrtc, _):
        if webrtc.get_property("ice-gathering-state") == \
                GstWebRTC.WebRTCICEGatheringState.COMPLETE:
            self.candidates.put(None)

    def _on_message(self, _bus, message):
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            self.errors.append(f"{message.src.get_name()}: {error.message} ({debug})")
        elif message.type == Gst.MessageType.WARNING:
            warning, debug = message.parse_warning()
            print(f"GStreamer warning from {message.src.get_name()}: {warning.message}",
                  flush=True)

    def connection_state(self):
        return self.webrtc.get_property("connection-state")

    def publish(self):
        """Offers, POSTs and applies the answer; returns the session's URL."""
        self.pipeline.set_state(Gst.State.PLAYING)
        self.test.assertTrue(self.negotiation_needed.wait(CONNECT_SECONDS),
                             "webrtcbin never needed negotiation\n" + "\n".join(self.errors))
        reply = promised(self.webrtc.emit, "create-offer", None)
        offer = reply.get_value("offer")
        promised(self.webrtc.emit, "set-local-description", offer)
        self.offer = offer.sdp.as_text()

        status, headers, body = http("POST", self.endpoint, self.offer.encode(),
                                     "application/sdp")
        self.test.assertEqual(status, 201, body.decode(errors="replace") + "\n" + self.offer)
        self.test.assertTrue(headers.get("Content-Type", "").startswith("application/sdp"))
        self.test.assertTrue(headers.get("Location"), "201 without a Location")
        self.test.assertTrue(headers.get("ETag"), "201 without an ETag")
        self.location = urljoin(self.endpoint, headers["Location"])
        self.answer = body.decode()
        # Complete: every candidate the server has is in it.
        self.test.assertIn("a=candidate:", self.answer)

        result, message = GstSdp.SDPMessage.new_from_text(self.answer)
        self.test.assertEqual(result, GstSdp.SDPResult.OK, self.answer)
        answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, message)
        promised(self.webrtc.emit, "set-remote-description", answer)
        return self.location

    def trickle(self):
        """PATCHes every candidate webrtcbin gathered (as they come) to the
        session, then a=end-of-candidates; returns once gathering is done."""
        ufrag, pwd = attribute(self.offer, "ice-ufrag"), attribute(self.offer, "ice-pwd")
        media = sections(self.offer)
        deadline = time.monotonic() + CONNECT_SECONDS
        done = False
        while not done:
            pending = []
            try:
                item = self.candidates.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.test.fail(f"webrtcbin did not finish gathering in {CONNECT_SECONDS} s")
            while True:
                if item is None:
                    done = True
                else:
                    pending.append(item)
                try:
                    item = self.candidates.get_nowait()
                except queue.Empty:
                    break
            lines = [f"a=ice-ufrag:{ufrag}", f"a=ice-pwd:{pwd}"]
            for index in sorted({index for index, _ in pending} or {0}):
                m_line, mid = media[index]
                lines += [m_line, f"a=mid:{mid}"]
                lines += ["a=" + candidate for i, candidate in pending if i == index]
                if done:
                    lines.append("a=end-of-candidates")
            fragment = "\r\n".join(lines) + "\r\n"
            status, _, body = http("PATCH", self.location, fragment.encode(),
                                   "application/trickle-ice-sdpfrag")
            self.patches.append((status, fragment))
            self.test.assertEqual(status, 204, body.decode(errors="replace") + "\n" + fragment)

    def stop(self):
        self.pipeline.set_state(Gst.State.NULL)
        self.loop.quit()
        self.thread.join(5)
        self.bus.remove_signal_watch()


class GStreamerWhipTest(unittest.TestCase):
    def setUp(self):
        self.server = Server("--no-ice-tcp")
        self.addCleanup(self.server.stop)
        self.base = f"http://127.0.0.1:{self.server.port}"

    def tearDown(self):
        warnings = [line for line in self.server.lines
                    if re.match(r"^\S+ (warning|error|critical) ", line)]
        if warnings:
            print("server warnings:\n" + "".join(warnings), flush=True)

    def publish(self, video):
        """A connected publisher; the test DELETEs it."""
        publisher = WhipPublisher(self, self.base + "/broadcaster/whip", video)
        self.addCleanup(publisher.stop)
        started = time.monotonic()
        publisher.publish()
        publisher.trickle()
        connected = GstWebRTC.WebRTCPeerConnectionState.CONNECTED
        self.assertTrue(
            wait_until(lambda: publisher.connection_state() == connected or publisher.errors,
                       CONNECT_SECONDS, step=0.1),
            f"webrtcbin not connected: {publisher.connection_state().value_nick}\n"
            + "".join(self.server.lines[-40:]))
        self.assertEqual(publisher.errors, [])
        self.assertEqual(publisher.connection_state(), connected, "\n".join(publisher.errors))
        connected_at = time.monotonic()
        # The server makes a publisher the live broadcast once its media
        # arrives (checked twice a second). A viewer that came before is
        # offered VP8 first, whatever the broadcast's codec turns out to be.
        self.assertTrue(wait_until(lambda: any(LIVE.search(line) for line in self.server.lines),
                                   CONNECT_SECONDS, step=0.1),
                        "the server never made the publisher live\n"
                        + "".join(self.server.lines[-40:]))
        print(f"{video}: connected {connected_at - started:.2f} s after PLAYING, live "
              f"{time.monotonic() - connected_at:.2f} s later; "
              f"{sum(f.count('a=candidate:') for _, f in publisher.patches)} candidates in "
              f"{len(publisher.patches)} PATCHes", flush=True)
        return publisher

    def delete(self, publisher):
        status, _, body = http("DELETE", publisher.location)
        self.assertEqual(status, 200, body)

    def viewer(self, *args):
        process = subprocess.Popen(
            [CLIENT, "--url", self.base, "--ice-allow", "127.0.0.1", "--no-ice-tcp",
             "--log-level", "warn", "viewer", "--seconds", str(WATCH_SECONDS), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="backslashreplace")

        def stop():
            if process.poll() is None:
                process.kill()
                process.communicate()
        self.addCleanup(stop)
        return process

    def watch(self, video):
        """Runs a WHEP and a REST viewer at once; asserts what each received
        and returns the relay_peers samples taken while they watched."""
        viewers = {"WHEP": self.viewer("--whep"), "REST": self.viewer()}
        samples = []
        deadline = time.monotonic() + WATCH_SECONDS + 60
        while any(v.poll() is None for v in viewers.values()) and time.monotonic() < deadline:
            samples.append(metrics(self.server))
            time.sleep(0.25)
        outputs = {}
        for name, process in viewers.items():
            outputs[name], _ = process.communicate(timeout=max(1, deadline - time.monotonic()))
            summary = " / ".join(line for line in outputs[name].splitlines()
                                 if line.startswith(("received", "pictures")))
            print(f"{video} {name} viewer (exit {process.returncode}): {summary}", flush=True)
        for name, process in viewers.items():
            out = outputs[name]
            self.assertEqual(process.returncode, 0, f"{name} viewer: {out}")
            frames = FRAMES.search(out)
            self.assertIsNotNone(frames, f"{name} viewer got no picture: {out}")
            self.assertGreaterEqual(float(frames.group(2)), MIN_FPS, f"{name} viewer: {out}")
            self.assertEqual((int(frames.group(3)), int(frames.group(4))), (640, 480),
                             f"{name} viewer: {out}")
            sound = SOUND.search(out)
            self.assertIsNotNone(sound, f"{name} viewer got no sound: {out}")
            self.assertGreater(float(sound.group(1)), 0, f"{name} viewer: {out}")
        return samples

    def test_vp8_and_opus_are_relayed_to_a_whep_and_a_rest_viewer(self):
        publisher = self.publish("vp8")
        samples = self.watch("vp8")
        relayed = max((sample.get("relay", 0) for sample in samples), default=0)
        reencoded = max((sample.get("reencode", 0) for sample in samples), default=0)
        print(f"vp8: most relay_peers sampled while watching: relay {relayed:g}, "
              f"reencode {reencoded:g} ({len(samples)} samples)", flush=True)
        self.assertEqual(relayed, 2, samples)
        self.assertEqual(reencoded, 0, samples)
        self.delete(publisher)
        self.assertIsNone(self.server.crashed())

    def test_h264_reaches_a_whep_and_a_rest_viewer(self):
        publisher = self.publish("h264")
        for name, sdp in (("offer", publisher.offer), ("the server's answer", publisher.answer)):
            video = sdp[sdp.index("m=video"):].split("\nm=")[0].splitlines()
            shown = [line.strip() for line in video
                     if line.startswith(("m=", "a=rtpmap:", "a=fmtp:"))]
            print(f"h264: {name}: " + " | ".join(shown), flush=True)
        samples = self.watch("h264")
        relayed = max((sample.get("relay", 0) for sample in samples), default=0)
        reencoded = max((sample.get("reencode", 0) for sample in samples), default=0)
        verdict = ("relayed" if relayed == 2 and reencoded == 0 else
                   "re-encoded" if reencoded == 2 and relayed == 0 else "mixed")
        print(f"h264: the viewers were {verdict} (most relay_peers sampled while watching: "
              f"relay {relayed:g}, reencode {reencoded:g}; {len(samples)} samples)", flush=True)
        self.delete(publisher)
        self.assertIsNone(self.server.crashed())

    def test_after_delete_no_connection_is_open(self):
        publisher = self.publish("vp8")
        session = publisher.location.rsplit("/", 1)[1]

        def open_ids():
            status, body, _ = self.server.request("GET", "/broadcaster/connections")
            self.assertEqual(status, 200, body)
            return [c["id"] for c in body if c["state"] != "closed"]
        self.assertEqual(open_ids(), [session])
        self.delete(publisher)
        self.assertTrue(wait_until(lambda: open_ids() == [], CONNECT_SECONDS, step=0.1),
                        open_ids())
        self.assertIsNone(self.server.crashed())


if __name__ == "__main__":
    unittest.main(verbosity=2)
