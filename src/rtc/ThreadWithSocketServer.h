// Internal (includes libwebrtc): an rtc::Thread on a socket server of ours.
#pragma once

#include <memory>

#include "rtc_base/socket_server.h"
#include "rtc_base/thread.h"

namespace wx::rtc {

// Not started. rtc::Thread has no factory function taking a socket server,
// and its layout depends on DCHECKs, which Debian's libtgowt has on and our
// build does not: this is built in its own file with them on (CMakeLists.txt),
// so that the object it allocates is the size the library expects (312
// bytes against 256 here). Were the library ever built without them, the
// allocation would only be larger than needed.
std::unique_ptr<::rtc::Thread> makeThreadWithSocketServer(
    std::unique_ptr<::rtc::SocketServer> server);

}  // namespace wx::rtc
