// Internal (includes libwebrtc): what Factory owns.
#pragma once

#include <memory>

#include "api/peer_connection_interface.h"
#include "rtc/Factory.h"
#include "rtc/HostCandidateCount.h"
#include "rtc_base/thread.h"

namespace wx::rtc {

struct Factory::Impl {
  std::unique_ptr<::rtc::Thread> network;  // libwebrtc's worker thread too
  std::unique_ptr<::rtc::Thread> signaling;
  ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory;
  std::shared_ptr<HostCandidateCount> hostCandidateCount = std::make_shared<HostCandidateCount>();
};

}  // namespace wx::rtc
