#include "rtc/DatagramBatch.h"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103  // linux/udp.h, Linux 4.18
#endif

namespace wx::rtc {

bool DatagramBatch::add(const void* data, size_t size, const sockaddr* to, socklen_t toLength) {
  Entry entry{bytes_.size(), size, {}, 0};
  entry.toLength = std::min<socklen_t>(toLength, sizeof entry.to);
  std::memcpy(&entry.to, to, entry.toLength);
  const auto* begin = static_cast<const uint8_t*>(data);
  bytes_.insert(bytes_.end(), begin, begin + size);
  entries_.push_back(entry);
  return entries_.size() >= kMaxDatagrams;
}

namespace {

// Whether the kernel has UDP GSO (Linux 4.18): one that has not ignores the
// control message and would send a run as one datagram; it has no such
// socket option either. Asked once, of the first socket that sends a batch.
bool kernelHasUdpGso(int fd) {
  static const bool has = [fd] {
    int segment = 0;
    socklen_t length = sizeof segment;
    return ::getsockopt(fd, SOL_UDP, UDP_SEGMENT, &segment, &length) == 0;
  }();
  return has;
}

}  // namespace

DatagramBatch::Run DatagramBatch::runFrom(size_t first) const {
  const Entry& head = entries_[first];
  size_t bytes = head.size;
  if (!gso_ || head.size == 0) return {1, bytes};
  size_t next = first + 1;
  while (next < entries_.size() && next - first < kMaxSegments) {
    const Entry& e = entries_[next];
    if (e.toLength != head.toLength || std::memcmp(&e.to, &head.to, head.toLength) != 0) break;
    if (e.size == 0 || e.size > head.size || bytes + e.size > kMaxGsoBytes) break;
    bytes += e.size;
    ++next;
    if (e.size < head.size) break;  // a shorter datagram ends a run
  }
  return {next - first, bytes};
}

DatagramBatch::Result DatagramBatch::send(int fd) {
  Result result;
  if (gso_ && !kernelHasUdpGso(fd)) gso_ = false;
  struct Message {
    size_t first;
    size_t count;
  };
  std::array<mmsghdr, kMaxDatagrams> headers;
  std::array<iovec, kMaxDatagrams> vectors;
  std::array<Message, kMaxDatagrams> messages;
  // One UDP_SEGMENT control message per header.
  union Control {
    char buffer[CMSG_SPACE(sizeof(uint16_t))];
    cmsghdr align;
  };
  std::array<Control, kMaxDatagrams> controls;

  size_t next = 0;
  while (next < entries_.size()) {
    size_t count = 0;
    for (size_t at = next; at < entries_.size() && count < kMaxDatagrams; ++count) {
      const auto [run, bytes] = runFrom(at);
      const Entry& head = entries_[at];
      vectors[count] = {bytes_.data() + head.offset, bytes};
      mmsghdr& h = headers[count];
      h = {};
      h.msg_hdr.msg_name = const_cast<sockaddr_storage*>(&head.to);
      h.msg_hdr.msg_namelen = head.toLength;
      h.msg_hdr.msg_iov = &vectors[count];
      h.msg_hdr.msg_iovlen = 1;
      if (run > 1) {
        h.msg_hdr.msg_control = controls[count].buffer;
        h.msg_hdr.msg_controllen = sizeof controls[count].buffer;
        cmsghdr* c = CMSG_FIRSTHDR(&h.msg_hdr);
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
        const auto segment = static_cast<uint16_t>(head.size);
        std::memcpy(CMSG_DATA(c), &segment, sizeof segment);
      }
      messages[count] = {at, run};
      at += run;
    }
    const int sent = ::sendmmsg(fd, headers.data(), static_cast<unsigned>(count), MSG_NOSIGNAL);
    ++result.systemCalls;
    if (sent > 0) {
      for (int m = 0; m < sent; ++m) {
        const Message& message = messages[static_cast<size_t>(m)];
        result.datagrams += message.count;
        result.bytes += vectors[static_cast<size_t>(m)].iov_len;
        ++result.messages;
      }
      const Message& last = messages[static_cast<size_t>(sent - 1)];
      next = last.first + last.count;
      continue;
    }
    if (sent == 0) {  // not documented for a non-empty vector; never loop on it
      result.dropped += entries_.size() - next;
      break;
    }
    // The first message failed.
    const int error = errno;
    if (error == EINTR) continue;
    if (messages[0].count > 1 && (error == EIO || error == EINVAL || error == ENOPROTOOPT)) {
      gso_ = false;  // no GSO on this socket's path: one datagram per message
      continue;
    }
    if (error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS) {
      result.dropped += entries_.size() - next;  // the send buffer is full
      break;
    }
    result.dropped += messages[0].count;  // this address is refused; go on
    next += messages[0].count;
  }
  bytes_.clear();
  entries_.clear();
  if (bytes_.capacity() > kKeptBytes) bytes_ = std::vector<uint8_t>();  // frees it
  if (entries_.capacity() > kKeptDatagrams) entries_ = std::vector<Entry>();
  return result;
}

}  // namespace wx::rtc
