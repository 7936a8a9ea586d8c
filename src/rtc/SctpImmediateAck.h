// Internal (includes libwebrtc): our data channels' SCTP sockets ask the peer
// for an immediate SACK while their congestion window is below its floor,
// which happens only after a retransmission timeout.
//
// Why: dcSCTP (libwebrtc's SCTP, net/dcsctp/tx/retransmission_queue.cc, the
// same in M110 and M123) sets cwnd to one MTU when T3-rtx expires but does not
// leave fast recovery, and grows cwnd in slow start only outside fast
// recovery. So when T3-rtx expires during fast recovery (a burst lost at a
// CPU-starved receiver, its fast retransmit lost too), cwnd stays at one MTU
// until the fast-recovery exit point is acknowledged: one 1,176-byte chunk in
// flight. The receiver (Chrome's dcSCTP as well) acknowledges a lone in-order
// packet only after its delayed-ack timer, 200 ms, so the sender moves about
// 6 KB/s, a 64 KiB message takes 11 s, and recovering a 670 KB burst takes
// almost 2 minutes. That was the datachannel-buffer-limits stall (issue 14).
//
// With the I bit (RFC 7053, SACK-IMMEDIATELY), which dcSCTP (Chrome) and
// usrsctp (Firefox) honour and older stacks ignore, the receiver acknowledges
// each such packet at once: one chunk per round trip instead of one per
// 200 ms, until the exit point is acknowledged and cwnd grows again. Packets
// sent with a normal window are left untouched.
//
// The sockets also send at most kSctpMaxBurst packets at a time where
// dcSCTP's default is RFC 9260's Max.Burst of 4 (section 16): dcSCTP applies
// the limit per send opportunity (each SACK, each message queued), so fewer
// packets leave back to back and fewer are lost at a receiver whose UDP
// buffer fills while its thread is busy. Measured (bench/README.md, issue
// 17), 16 MiB echoed to the Node client: on 127.0.0.1 download median 382
// -> 462 Mbit/s (5 of 7 alternating pairs higher), on a veth address 325 ->
// 319 (5 of 7 higher): a small gain at best, no loss found; at a 40 ms
// round trip (bench/foreign.sh DELAY_MS=20) no change with 3, while 2
// halved it (SACKs, one per two packets, could no longer grow the flight).
//
// The sockets also hold the data they keep in flight to maxFlightBytes of
// the round trip, by lowering the receiver window in the peer's SACKs
// (capReceiverWindow): a sender may always send less than the window.
// Measured (bench/README.md, issue 17): 16 MiB echoed to the Node client,
// download 322 -> 450 Mbit/s on 127.0.0.1 (medians of 3 alternating pairs,
// all higher), 291/262 -> 425/343 on foreign.sh's veth address (2 pairs);
// upload about the same; unchanged at a 40 ms round trip.
//
// Threads: everything here runs on libwebrtc's network thread (rtc-network,
// which in our layout is also its signaling and worker thread, Factory.cc),
// where DcSctpTransport drives its socket.
#pragma once

#include <cstdint>
#include <memory>

#include "api/transport/sctp_transport_factory_interface.h"
#include "net/dcsctp/public/dcsctp_socket_factory.h"
#include "rtc_base/thread.h"

namespace wx::rtc {

// Sets the I bit on every DATA and I-DATA chunk of an SCTP packet (before
// DTLS) and rewrites its CRC32c. Returns false, leaving `packet` as it was,
// if it holds no such chunk or is malformed.
bool requestImmediateAck(uint8_t* packet, size_t size);

// Lowers the a_rwnd of every SACK chunk in an SCTP packet (after DTLS) to
// `cap` bytes where it is higher, and rewrites its CRC32c. Returns false,
// leaving `packet` as it was, if nothing was above the cap or it is
// malformed.
bool capReceiverWindow(uint8_t* packet, size_t size, uint32_t cap);

// The most bytes our sockets keep in flight at a smoothed round trip of
// `srttMs` (RFC 6458's srtt, the smallest seen on the association; 0 or 1
// on loopback): kMaxFlightAtOneMs times
// the square root of the RTT in ms. Why: Debian's libwebrtc checks dcSCTP's
// whole outstanding data on every chunk it adds (a DCHECK,
// OutstandingData::IsConsistent, 18 % of the network thread with its map
// walks at ~1 MB in flight), so a packet costs in proportion to the flight:
// per second, flight squared over the RTT. The cap holds that cost where a
// 128 KiB flight at 1 ms puts it, and still lets 810 KiB fly at 40 ms and
// 1.3 MB at 100 ms (80 and 100 Mbit/s per association).
constexpr uint32_t kMaxFlightAtOneMs = 128 * 1024;
uint32_t maxFlightBytes(int srttMs);

constexpr int kSctpMaxBurst = 3;

// dcSCTP sockets that set the I bit while cwnd is below cwnd_mtus_min MTUs,
// with max_burst kSctpMaxBurst, and whose flight stays within
// maxFlightBytes. Everything else is dcSCTP's own socket.
class ImmediateAckSocketFactory : public ::dcsctp::DcSctpSocketFactory {
 public:
  std::unique_ptr<::dcsctp::DcSctpSocketInterface> Create(
      absl::string_view log_prefix, ::dcsctp::DcSctpSocketCallbacks& callbacks,
      std::unique_ptr<::dcsctp::PacketObserver> packet_observer,
      const ::dcsctp::DcSctpOptions& options) override;
};

// libwebrtc's SCTP transport (DcSctpTransport, on the network thread) over
// ImmediateAckSocketFactory's sockets: for PeerConnectionFactoryDependencies.
std::unique_ptr<::webrtc::SctpTransportFactoryInterface> makeSctpTransportFactory(
    ::rtc::Thread* network);

}  // namespace wx::rtc
