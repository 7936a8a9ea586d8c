#include "connections/Uuid.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <stdexcept>

namespace wx::connections {

std::string makeUuidV4() {
  // An ID is all a client needs to answer or close a connection, so it must
  // not be guessable: 122 bits from the kernel's CSPRNG (getrandom(2)).
  std::array<uint8_t, 16> bytes;
  size_t filled = 0;
  while (filled < bytes.size()) {
    ssize_t got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw std::runtime_error("getrandom failed");
    filled += static_cast<size_t>(got);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 9562 variant
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return text;
}

}  // namespace wx::connections
