// Internal (includes libwebrtc): each peer's own port allocator, which hears
// of a change of networks only when there is one.
//
// Why: libwebrtc's default gives every peer a BasicPortAllocator on the one
// shared network manager. Each new peer's allocator session starts that
// manager again, and the manager then tells every session that the networks
// changed (rtc_base/network.cc, BasicNetworkManager::StartUpdating). A
// session still gathering takes that for a real change and starts a second
// gathering on the same networks; its check for equivalent ports sees only
// ports already made, not the TCP ones its first gathering makes 100 ms later
// (basic_port_allocator.cc, AllocationSequence::DisableEquivalentPhases). So
// with ICE-TCP a burst of new peers (the warm pool refilling) left each with
// up to 8 listening TCP sockets per address: 867 descriptors after 20 offers
// instead of ~160. Here each peer's allocator sees the shared manager through
// a view that passes on the first signal after each start and then only
// signals after which the networks differ.
//
// Compiled with DCHECK_ALWAYS_ON (CMakeLists.txt): it derives from
// BasicPortAllocator, whose layout depends on DCHECKs.
#pragma once

#include <memory>

#include "api/peer_connection_interface.h"
#include "p2p/base/port_allocator.h"

namespace rtc {
class NetworkManager;
class SocketFactory;
}  // namespace rtc

namespace webrtc {
class FieldTrialsView;
}

namespace wx::rtc {

// A port allocator for one peer, as libwebrtc's PeerConnectionFactory would
// make it (port range and flags from `config`), over `networks`, with sockets
// from `sockets` (the network thread's socket server). Call on any thread;
// `networks`, `sockets` and `trials` must outlive it. The allocator
// itself, like libwebrtc's, is used and destroyed on the network thread.
std::unique_ptr<::cricket::PortAllocator> makePeerPortAllocator(
    ::rtc::NetworkManager& networks, ::rtc::SocketFactory& sockets,
    const ::webrtc::FieldTrialsView* trials,
    const ::webrtc::PeerConnectionInterface::RTCConfiguration& config);

}  // namespace wx::rtc
