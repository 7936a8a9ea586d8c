#include "rtc/FilteredNetworkManager.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace wx::rtc {
namespace {

bool isLoopback(const ::rtc::Network* network) {
  return network->type() == ::rtc::ADAPTER_TYPE_LOOPBACK;
}

}  // namespace

FilteredNetworkManager::FilteredNetworkManager(::rtc::SocketFactory* sockets,
                                               std::vector<std::string> allowed)
    : ::rtc::BasicNetworkManager(sockets), allowed_(std::move(allowed)) {}

std::vector<const ::rtc::Network*> FilteredNetworkManager::GetNetworks() const {
  std::vector<const ::rtc::Network*> networks = ::rtc::BasicNetworkManager::GetNetworks();
  if (!allowed_.empty()) {
    std::erase_if(networks, [this](const ::rtc::Network* n) { return !isAllowed(*n); });
  } else if (!std::all_of(networks.begin(), networks.end(), isLoopback)) {
    std::erase_if(networks, isLoopback);
  }
  report(networks.empty()                                            ? Offered::Nothing
         : std::all_of(networks.begin(), networks.end(), isLoopback) ? Offered::LoopbackOnly
                                                                     : Offered::Interfaces);
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

void FilteredNetworkManager::report(Offered now) const {
  if (now == offered_) return;
  // Loopback the user asked for (--ice-allow 127.0.0.1) is no news.
  const bool chosen = !allowed_.empty();
  switch (now) {
    case Offered::LoopbackOnly:
      if (!chosen) {
        spdlog::info(
            "ICE: no network interface but loopback; offering loopback candidates only, so "
            "only peers on this host can connect");
        break;
      }
      [[fallthrough]];
    case Offered::Interfaces:
      if (offered_ == Offered::Nothing) {
        spdlog::info("ICE: a usable network interface is back");
      } else if (offered_ == Offered::LoopbackOnly && !chosen) {
        spdlog::info(
            "ICE: a network interface besides loopback is up; loopback is no longer offered");
      }
      break;
    case Offered::Nothing:
      spdlog::warn("ICE: no usable network interface{}: offers can have no candidates",
                   chosen ? " among those --ice-allow names" : "");
      break;
    case Offered::Unknown:
      break;
  }
  offered_ = now;
}

}  // namespace wx::rtc
