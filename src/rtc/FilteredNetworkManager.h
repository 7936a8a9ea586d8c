// Internal (includes libwebrtc): a network manager that offers ICE only the
// interfaces a user allowed, by name ("lo") or by address ("127.0.0.1"), and
// loopback only when it is all there is.
#pragma once

#include <string>
#include <vector>

#include "rtc_base/network.h"

namespace wx::rtc {

class FilteredNetworkManager : public ::rtc::BasicNetworkManager {
 public:
  // An empty `allowed` list lets every network through except loopback, as
  // libwebrtc does by default, unless loopback is the only network there is
  // (a container or network namespace with only `lo`): then loopback, as
  // node-webrtc does, so peers on the same host can still connect. A
  // non-empty list lets through exactly what it names, loopback included.
  FilteredNetworkManager(::rtc::SocketFactory* sockets, std::vector<std::string> allowed);

  // Runs on libwebrtc's network thread, like every NetworkManager call.
  std::vector<const ::rtc::Network*> GetNetworks() const override;

 private:
  enum class Offered { Unknown, Interfaces, LoopbackOnly, Nothing };

  bool isAllowed(const ::rtc::Network& network) const;
  // Logs when what ICE is offered changes kind (network thread).
  void report(Offered now) const;

  std::vector<std::string> allowed_;
  mutable Offered offered_ = Offered::Unknown;  // network thread only
};

}  // namespace wx::rtc
