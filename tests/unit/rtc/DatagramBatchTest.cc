// DatagramBatch (DatagramBatch.h) over real UDP sockets on 127.0.0.1: what
// arrives is what was added, datagram for datagram and in order, with runs of
// equal datagrams to one address sent as one GSO message, and refusals
// costing only the datagrams refused.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "rtc/DatagramBatch.h"

namespace wx::rtc {
namespace {

class UdpSocket {
 public:
  UdpSocket() : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address_;
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address_), &length), 0);
  }
  ~UdpSocket() { ::close(fd_); }
  int fd() const { return fd_; }
  const sockaddr* address() const { return reinterpret_cast<const sockaddr*>(&address_); }

  // Every datagram waiting, in order (waits up to 1 s for the first).
  std::vector<std::string> receiveAll() const {
    std::vector<std::string> datagrams;
    pollfd p{fd_, POLLIN, 0};
    for (int timeout = 1000; ::poll(&p, 1, timeout) > 0; timeout = 100) {
      std::string buffer(70000, '\0');
      const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
      if (n < 0) break;
      buffer.resize(static_cast<size_t>(n));
      datagrams.push_back(buffer);
    }
    return datagrams;
  }

 private:
  int fd_;
  sockaddr_in address_{};
};

// A datagram of `size` bytes that says which one it is.
std::string datagram(size_t size, int index) {
  std::string d(size, static_cast<char>('a' + index % 26));
  const std::string tag = std::to_string(index) + ":";
  d.replace(0, std::min(tag.size(), size), tag.substr(0, size));
  return d;
}

void add(DatagramBatch& batch, const std::string& d, const UdpSocket& to) {
  batch.add(d.data(), d.size(), to.address(), sizeof(sockaddr_in));
}

TEST(DatagramBatch, ARunOfEqualDatagramsToOneAddressIsOneMessage) {
  UdpSocket sender, receiver;
  DatagramBatch batch;
  std::vector<std::string> sent;
  for (int i = 0; i < 10; ++i) sent.push_back(datagram(1200, i));
  sent.push_back(datagram(300, 10));  // a shorter last one ends the run
  for (const auto& d : sent) add(batch, d, receiver);

  const DatagramBatch::Result result = batch.send(sender.fd());
  EXPECT_EQ(result.datagrams, 11u);
  EXPECT_EQ(result.bytes, 12300u);
  EXPECT_EQ(result.messages, 1u);
  EXPECT_EQ(result.systemCalls, 1u);
  EXPECT_EQ(result.dropped, 0u);
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(receiver.receiveAll(), sent);
}

TEST(DatagramBatch, OtherSizesAndAddressesEndARunAndKeepTheirOrder) {
  UdpSocket sender, a, b;
  DatagramBatch batch;
  // a: 1200 1200 | b: 1200 | a: 500 | a: 1200 1200 (a larger one starts a run)
  const std::vector<std::string> toA = {datagram(1200, 0), datagram(1200, 1), datagram(500, 3),
                                        datagram(1200, 4), datagram(1200, 5)};
  const std::string toB = datagram(1200, 2);
  add(batch, toA[0], a);
  add(batch, toA[1], a);
  add(batch, toB, b);
  for (size_t i = 2; i < toA.size(); ++i) add(batch, toA[i], a);

  const DatagramBatch::Result result = batch.send(sender.fd());
  EXPECT_EQ(result.datagrams, 6u);
  EXPECT_EQ(result.messages, 4u);
  EXPECT_EQ(result.systemCalls, 1u);
  EXPECT_EQ(a.receiveAll(), toA);
  EXPECT_EQ(b.receiveAll(), std::vector<std::string>{toB});
}

TEST(DatagramBatch, ARunHasAtMostMaxSegmentsDatagrams) {
  UdpSocket sender, receiver;
  DatagramBatch batch;
  std::vector<std::string> sent;
  bool full = false;
  for (int i = 0; i < 100; ++i) {
    sent.push_back(datagram(600, i));
    if (i + 1 == static_cast<int>(DatagramBatch::kMaxDatagrams)) {
      full = batch.add(sent.back().data(), 600, receiver.address(), sizeof(sockaddr_in));
    } else {
      add(batch, sent.back(), receiver);
    }
  }
  EXPECT_TRUE(full) << "add() says when the batch holds kMaxDatagrams";
  const DatagramBatch::Result result = batch.send(sender.fd());
  EXPECT_EQ(result.datagrams, 100u);
  EXPECT_EQ(result.messages, 2u);  // 64 + 36
  EXPECT_EQ(receiver.receiveAll(), sent);
  // A big batch's memory is given back; a small one's is kept for the next.
  EXPECT_LT(batch.memory(), DatagramBatch::kKeptBytes + 16 * sizeof(sockaddr_storage) * 2);
  add(batch, sent[0], receiver);
  batch.send(sender.fd());
  EXPECT_GE(batch.memory(), sent[0].size());
  EXPECT_EQ(receiver.receiveAll(), std::vector<std::string>{sent[0]});
}

TEST(DatagramBatch, ARefusedAddressCostsOnlyItsDatagrams) {
  UdpSocket sender, receiver;
  sockaddr_in broadcast{};  // refused (EACCES) without SO_BROADCAST
  broadcast.sin_family = AF_INET;
  broadcast.sin_port = htons(9);
  broadcast.sin_addr.s_addr = htonl(INADDR_BROADCAST);
  DatagramBatch batch;
  const std::vector<std::string> toReceiver = {datagram(800, 0), datagram(800, 3)};
  add(batch, toReceiver[0], receiver);
  for (int i = 1; i <= 2; ++i) {
    const std::string d = datagram(800, i);
    batch.add(d.data(), d.size(), reinterpret_cast<sockaddr*>(&broadcast), sizeof broadcast);
  }
  add(batch, toReceiver[1], receiver);

  const DatagramBatch::Result result = batch.send(sender.fd());
  EXPECT_EQ(result.datagrams, 2u);
  EXPECT_EQ(result.dropped, 2u);
  EXPECT_EQ(receiver.receiveAll(), toReceiver);
}

TEST(DatagramBatch, ASocketWithoutGsoSendsOneDatagramPerMessage) {
  UdpSocket sender, receiver;
  // The kernel refuses GSO (EINVAL) on a socket that sends no UDP checksums.
  const int one = 1;
  ASSERT_EQ(::setsockopt(sender.fd(), SOL_SOCKET, SO_NO_CHECK, &one, sizeof one), 0);
  DatagramBatch batch;
  std::vector<std::string> sent;
  for (int i = 0; i < 5; ++i) sent.push_back(datagram(1000, i));
  for (const auto& d : sent) add(batch, d, receiver);

  const DatagramBatch::Result first = batch.send(sender.fd());
  EXPECT_EQ(first.datagrams, 5u);
  EXPECT_EQ(first.messages, 5u);
  EXPECT_EQ(first.dropped, 0u);
  EXPECT_EQ(first.systemCalls, 2u);  // the GSO message refused, then the five
  EXPECT_EQ(receiver.receiveAll(), sent);

  for (const auto& d : sent) add(batch, d, receiver);
  EXPECT_EQ(batch.send(sender.fd()).systemCalls, 1u) << "the socket's GSO stays off";
  EXPECT_EQ(receiver.receiveAll(), sent);
}

}  // namespace
}  // namespace wx::rtc
