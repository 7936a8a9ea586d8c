// Internal (includes libwebrtc): a socket that adds what it sends and
// receives to NetworkCounters, keeps a bound UDP socket's local address
// (libwebrtc asks for it per packet), and otherwise is the socket it wraps.
// Network thread only, like every libwebrtc socket.
//
// Compiled with DCHECK_ALWAYS_ON (CMakeLists.txt): it derives from
// rtc::AsyncSocketAdapter, a libwebrtc class with data members.
#pragma once

#include <memory>

#include "rtc/NetworkCounters.h"
#include "rtc_base/socket.h"

namespace wx::rtc {

// Takes ownership of `socket` (SOCK_DGRAM or SOCK_STREAM, as `type` says);
// `counters` must outlive the returned socket. Sockets it accepts are
// counted too.
::rtc::Socket* countSocket(::rtc::Socket* socket, int type,
                           std::shared_ptr<NetworkCounters> counters);

}  // namespace wx::rtc
