// Internal (includes libwebrtc): an rtc::Thread on a socket server of ours.
#pragma once

#include <memory>

#include "rtc_base/socket_server.h"
#include "rtc_base/thread.h"

namespace wx::rtc {

// Not started. rtc::Thread has no factory function taking a socket server,
// and its layout depends on DCHECKs, which Debian's libtgowt has on and our
// build does not: this is built in its own file with them on (CMakeLists.txt),
// so that the object it allocates is the size the library expects.
std::unique_ptr<::rtc::Thread> makeThreadWithSocketServer(
    std::unique_ptr<::rtc::SocketServer> server);

}  // namespace wx::rtc
