#include "rtc/PeerPortAllocator.h"

#include <utility>
#include <vector>

#include "p2p/base/basic_packet_socket_factory.h"
#include "p2p/client/basic_port_allocator.h"
#include "rtc_base/network.h"
#include "rtc_base/third_party/sigslot/sigslot.h"

namespace wx::rtc {
namespace {

// One peer's view of the shared network manager. Every call runs on the
// network thread, where allocator sessions start, stop and hear signals.
class PeerNetworkView : public ::rtc::NetworkManager, public sigslot::has_slots<> {
 public:
  explicit PeerNetworkView(::rtc::NetworkManager& shared) : shared_(shared) {}

  // A session starts: it needs one signal to begin gathering, which the
  // shared manager sends (to everyone) once it knows the networks.
  void StartUpdating() override {
    if (!connected_) {
      shared_.SignalNetworksChanged.connect(this, &PeerNetworkView::onNetworksChanged);
      shared_.SignalError.connect(this, &PeerNetworkView::onError);
      connected_ = true;
    }
    awaitingSignal_ = true;
    ++started_;
    shared_.StartUpdating();
  }

  void StopUpdating() override {
    if (started_ == 0) return;
    --started_;
    shared_.StopUpdating();
  }

  std::vector<const ::rtc::Network*> GetNetworks() const override { return shared_.GetNetworks(); }
  std::vector<const ::rtc::Network*> GetAnyAddressNetworks() override {
    return shared_.GetAnyAddressNetworks();
  }
  EnumerationPermission enumeration_permission() const override {
    return shared_.enumeration_permission();
  }
  bool GetDefaultLocalAddress(int family, ::rtc::IPAddress* address) const override {
    return shared_.GetDefaultLocalAddress(family, address);
  }
  ::webrtc::MdnsResponderInterface* GetMdnsResponder() const override {
    return shared_.GetMdnsResponder();
  }
  void set_vpn_list(const std::vector<::rtc::NetworkMask>& vpn) override {
    shared_.set_vpn_list(vpn);
  }

 private:
  // Each network and its best address: a session gathers again when these
  // change (BasicPortAllocatorSession::OnNetworksChanged).
  using Snapshot = std::vector<std::pair<const ::rtc::Network*, ::rtc::IPAddress>>;

  Snapshot snapshot() const {
    Snapshot now;
    for (const ::rtc::Network* network : shared_.GetNetworks()) {
      now.emplace_back(network, network->GetBestIP());
    }
    return now;
  }

  void onNetworksChanged() {
    Snapshot now = snapshot();
    if (!awaitingSignal_ && now == seen_) return;  // another peer started
    awaitingSignal_ = false;
    seen_ = std::move(now);
    SignalNetworksChanged();
  }

  void onError() { SignalError(); }

  ::rtc::NetworkManager& shared_;
  bool connected_ = false;
  bool awaitingSignal_ = false;
  int started_ = 0;
  Snapshot seen_;
};

// The view must outlive the allocator's sessions, which the allocator's own
// destructor ends (they stop updating then): a base constructed before
// BasicPortAllocator and destroyed after it.
struct ViewHolder {
  explicit ViewHolder(::rtc::NetworkManager& shared) : view(shared) {}
  PeerNetworkView view;
};

class PeerPortAllocator : private ViewHolder, public ::cricket::BasicPortAllocator {
 public:
  PeerPortAllocator(::rtc::NetworkManager& shared, ::rtc::SocketFactory& sockets,
                    const ::webrtc::FieldTrialsView* trials)
      : ViewHolder(shared),
        BasicPortAllocator(&view, std::make_unique<::rtc::BasicPacketSocketFactory>(&sockets),
                           trials) {}

 protected:
  // Network thread. PeerConnection sets a 50 ms step between the UDP, relay
  // and TCP phases of a gathering (kMinimumStepDelay, to spread STUN and TURN
  // requests out), so the passive TCP candidates came ~100 ms after the UDP
  // ones, and an offer from a fresh peer waited for them. Here the phases
  // run back to back (with a STUN or TURN server, its requests then go out
  // together rather than 50 ms apart). Sessions read
  // the step when they schedule a phase; PeerConnection sets it before its
  // first session.
  ::cricket::PortAllocatorSession* CreateSessionInternal(absl::string_view contentName,
                                                         int component, absl::string_view iceUfrag,
                                                         absl::string_view icePwd) override {
    set_step_delay(0);
    return BasicPortAllocator::CreateSessionInternal(contentName, component, iceUfrag, icePwd);
  }
};

}  // namespace

std::unique_ptr<::cricket::PortAllocator> makePeerPortAllocator(
    ::rtc::NetworkManager& networks, ::rtc::SocketFactory& sockets,
    const ::webrtc::FieldTrialsView* trials,
    const ::webrtc::PeerConnectionInterface::RTCConfiguration& config) {
  auto allocator = std::make_unique<PeerPortAllocator>(networks, sockets, trials);
  allocator->SetPortRange(config.port_allocator_config.min_port,
                          config.port_allocator_config.max_port);
  allocator->set_flags(config.port_allocator_config.flags);
  return allocator;
}

}  // namespace wx::rtc
