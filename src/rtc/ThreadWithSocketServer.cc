// Compiled with DCHECK_ALWAYS_ON (see the header).
#include "rtc/ThreadWithSocketServer.h"

namespace wx::rtc {

static_assert(RTC_DCHECK_IS_ON, "must be built with DCHECK_ALWAYS_ON, as libtgowt is");

std::unique_ptr<::rtc::Thread> makeThreadWithSocketServer(
    std::unique_ptr<::rtc::SocketServer> server) {
  return std::make_unique<::rtc::Thread>(std::move(server));
}

}  // namespace wx::rtc
