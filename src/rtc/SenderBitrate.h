// Internal: the bitrate range of every video sender of ours.
#pragma once

namespace wx::rtc {

// Our video senders' bitrate range. Without one, libwebrtc picks the range
// by picture size (30 kbps to 1.7 Mbps at 640x480), but starts every video
// send stream with "ERROR: Initial encoder max bitrate = -1" and a 10 Mbps
// stand-in for its bitrate allocator. Every example sends 640x480 (the
// compositor's size, and a browser camera's default that loopback and
// broadcasts forward), so this is libwebrtc's own range for that size; a
// larger forwarded picture is held to it too. A remote offer's video
// sections take it once the answer is set (LibPeerConnection::
// setLocalDescription).
inline constexpr int kVideoMinBitrateBps = 30'000;
inline constexpr int kVideoMaxBitrateBps = 1'700'000;

}  // namespace wx::rtc
