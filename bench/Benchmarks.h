// The load generator's benchmarks; each prints its figures and returns an
// exit code. All of them talk to a running server over loopback.
#pragma once

#include <string>
#include <vector>

#include "client/ConnectionClient.h"
#include "rtc/Factory.h"

namespace wx::bench {

struct Target {
  rtc::Factory& factory;
  std::string url;  // e.g. http://127.0.0.1:3000
  // What `factory` was made with, bar decodeVideo (for more factories).
  rtc::FactoryOptions options;
  // viewers: the decoding probe's local media ports (0 and 0: any), so that
  // a firewall rule can make it the slow viewer (bench/slow_viewer.sh).
  int probeMinPort = 0;
  int probeMaxPort = 0;
};

// Sequential POST /ping-pong/connections latency (each then DELETEd), and
// the time from POST to an open data channel through ConnectionClient.
int connect(const Target& target, int tries);

// ping -> pong round trips on one open ping-pong channel, back to back.
int rtt(const Target& target, int count);

// Opens `peers` ping-pong peers and keeps them open, pings each once, and
// (given the server's PID) prints the server's RSS, threads and descriptors.
int hold(const Target& target, int peers, int serverPid);

// Echoes `mib` MiB in `chunkKiB` chunks through datachannel-buffer-limits,
// `runs` times on one channel; prints both rates and the server's memory.
int throughput(const Target& target, uint64_t mib, size_t chunkKiB, int runs, int serverPid);

// libwebrtc's own rate here: two peers in this process, no server, `mib` MiB
// one way, `runs` times. Needs no running server.
int ceiling(const Target& target, uint64_t mib, size_t chunkKiB, int runs);

// Server CPU (% of one core, over `seconds`) with each count of concurrent
// sine-wave streams in turn, every stream decoded by this process.
int audio(const Target& target, const std::vector<int>& streamCounts, int seconds, int serverPid);

// Server CPU and frames back per peer with each count of concurrent
// video-compositing peers (320x240 in at 30 fps, 640x480 back).
int compositing(const Target& target, const std::vector<int>& peerCounts, int seconds,
                int serverPid);

// One 640x480 broadcast at 30 fps and growing numbers of viewers: server CPU,
// the frame rate each viewer gets (counted from received encoded frames:
// `target.factory` must not decode video), key frame requests reaching the
// broadcaster, and the delay from the broadcaster's pattern to one decoding
// viewer's picture. Without `audio`, viewers answer the audio inactive.
struct ViewersOptions {
  bool audio = true;
  // Every second viewer plays with WHEP (/viewer/whep) instead of the
  // project's contract.
  bool mixed = false;
  // Watch a broadcast someone else publishes (a WHIP publisher: bench/whip.sh)
  // instead of our own; there is then no pattern to time, so no delay probe.
  bool external = false;
  // When set, the path of bench/pion_viewers' binary: the viewers (not the
  // delay probe) are Pion WHEP viewers in that process, which cost this
  // machine far less than libwebrtc ones (PionViewers.h).
  std::string pionViewers;
};
int viewers(const Target& target, const std::vector<int>& viewerCounts,
            const ViewersOptions& options, int seconds, int serverPid);

// Server CPU and frames back per peer with each count of concurrent
// audio-video-loopback peers (640x480 at 30 fps and a tone each way; frames
// counted encoded, as above).
int loopback(const Target& target, const std::vector<int>& peerCounts, int seconds, int serverPid);

// `peers` open peers of `example` (sine-wave: audio out and a data channel;
// ping-pong: a data channel), each's GET .../stats polled once a second for
// `seconds`, three times, between windows without polling: the server's CPU
// with and without, and each GET's latency.
int statsPolling(const Target& target, const std::string& example, int peers, int seconds,
                 int serverPid);

}  // namespace wx::bench
