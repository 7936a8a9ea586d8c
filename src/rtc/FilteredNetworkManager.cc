#include "rtc/FilteredNetworkManager.h"

#include <algorithm>

namespace wx::rtc {

FilteredNetworkManager::FilteredNetworkManager(::rtc::SocketFactory* sockets,
                                               std::vector<std::string> allowed)
    : ::rtc::BasicNetworkManager(sockets), allowed_(std::move(allowed)) {}

std::vector<const ::rtc::Network*> FilteredNetworkManager::GetNetworks() const {
  std::vector<const ::rtc::Network*> networks = ::rtc::BasicNetworkManager::GetNetworks();
  if (allowed_.empty()) return networks;
  std::erase_if(networks, [this](const ::rtc::Network* n) { return !isAllowed(*n); });
  return networks;
}

bool FilteredNetworkManager::isAllowed(const ::rtc::Network& network) const {
  for (const std::string& entry : allowed_) {
    if (entry == network.name()) return true;
    for (const ::rtc::InterfaceAddress& ip : network.GetIPs()) {
      if (entry == ip.ToString()) return true;
    }
  }
  return false;
}

}  // namespace wx::rtc
