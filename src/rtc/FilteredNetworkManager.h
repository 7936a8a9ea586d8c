// Internal (includes libwebrtc): a network manager that offers ICE only the
// interfaces a user allowed, by name ("lo") or by address ("127.0.0.1").
#pragma once

#include <string>
#include <vector>

#include "rtc_base/network.h"

namespace wx::rtc {

class FilteredNetworkManager : public ::rtc::BasicNetworkManager {
 public:
  // An empty `allowed` list lets every network through.
  FilteredNetworkManager(::rtc::SocketFactory* sockets, std::vector<std::string> allowed);

  // Runs on libwebrtc's network thread, like every NetworkManager call.
  std::vector<const ::rtc::Network*> GetNetworks() const override;

 private:
  bool isAllowed(const ::rtc::Network& network) const;

  std::vector<std::string> allowed_;
};

}  // namespace wx::rtc
