// A long path on loopback, for benchmarks: holds every packet that an
// iptables NFQUEUE rule hands it for a fixed delay, then lets it through, in
// order. This kernel has no netem; NFQUEUE verdicts may be given late.
//   nfq_delay QUEUE DELAY_MS
// Run as root inside a network namespace of the benchmark's own, with for
// example `iptables -A OUTPUT -o lo -p udp -j NFQUEUE --queue-num QUEUE`:
// loopback packets pass OUTPUT once, so the round trip grows by twice
// DELAY_MS. Packets beyond the queue's length (kMaxHeld) are dropped by the
// kernel, as a router's full queue would. Stops on SIGINT or SIGTERM and
// prints how many packets it held.
// Build: cc -O2 -o nfq_delay nfq_delay.c -lnetfilter_queue -lnfnetlink (Debian's
// libnetfilter-queue-dev; bench/delayed_path.sh builds it).
#include <arpa/inet.h>
#include <errno.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

enum { kMaxHeld = 1 << 16 };

struct held {
  uint32_t id;
  int64_t releaseNs;
};

static struct held ring[kMaxHeld];
static size_t head, count;
static int64_t delayNs;
static unsigned long long total, dropped;
static volatile sig_atomic_t stop;

static int64_t nowNs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int onPacket(struct nfq_q_handle* queue, struct nfgenmsg* message, struct nfq_data* data,
                    void* context) {
  (void)message;
  (void)context;
  struct nfqnl_msg_packet_hdr* header = nfq_get_msg_packet_hdr(data);
  if (!header) return 0;
  uint32_t id = ntohl(header->packet_id);
  if (count == kMaxHeld) {  // full: drop, as a router's queue would
    ++dropped;
    return nfq_set_verdict(queue, id, NF_DROP, 0, NULL);
  }
  ring[(head + count) % kMaxHeld] = (struct held){id, nowNs() + delayNs};
  ++count;
  ++total;
  return 0;
}

static void release(struct nfq_q_handle* queue, int64_t now) {
  while (count && ring[head].releaseNs <= now) {
    nfq_set_verdict(queue, ring[head].id, NF_ACCEPT, 0, NULL);
    head = (head + 1) % kMaxHeld;
    --count;
  }
}

static void onSignal(int signal) {
  (void)signal;
  stop = 1;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: nfq_delay QUEUE DELAY_MS\n");
    return 2;
  }
  const int queueNumber = atoi(argv[1]);
  delayNs = (int64_t)(atof(argv[2]) * 1e6);
  struct nfq_handle* handle = nfq_open();
  if (!handle) {
    perror("nfq_open");
    return 1;
  }
  struct nfq_q_handle* queue = nfq_create_queue(handle, queueNumber, onPacket, NULL);
  if (!queue) {
    perror("nfq_create_queue");
    return 1;
  }
  if (nfq_set_mode(queue, NFQNL_COPY_META, 0) < 0 || nfq_set_queue_maxlen(queue, kMaxHeld) < 0) {
    perror("nfq_set_mode");
    return 1;
  }
  nfnl_rcvbufsiz(nfq_nfnlh(handle), 64 << 20);
  const int fd = nfq_fd(handle);
  const int on = 1;
  setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &on, sizeof on);
  signal(SIGINT, onSignal);
  signal(SIGTERM, onSignal);
  fprintf(stderr, "nfq_delay: queue %d, %.1f ms\n", queueNumber, delayNs / 1e6);

  static char buffer[1 << 16];
  while (!stop) {
    int timeoutMs = -1;
    if (count) {
      const int64_t wait = ring[head].releaseNs - nowNs();
      timeoutMs = wait <= 0 ? 0 : (int)((wait + 999999) / 1000000);
    }
    struct pollfd p = {.fd = fd, .events = POLLIN};
    const int ready = poll(&p, 1, timeoutMs);
    if (ready < 0 && errno != EINTR) {
      perror("poll");
      break;
    }
    if (ready > 0) {
      for (;;) {
        const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n <= 0) break;
        nfq_handle_packet(handle, buffer, (int)n);
      }
    }
    release(queue, nowNs());
  }
  release(queue, INT64_MAX);
  nfq_destroy_queue(queue);
  nfq_close(handle);
  fprintf(stderr, "nfq_delay: held %llu packets, dropped %llu\n", total, dropped);
  return 0;
}
