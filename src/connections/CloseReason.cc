#include "connections/CloseReason.h"

namespace wx::connections {

std::string_view toString(CloseReason reason) {
  switch (reason) {
    case CloseReason::Deleted:
      return "deleted";
    case CloseReason::ConnectTimeout:
      return "connect_timeout";
    case CloseReason::ReconnectTimeout:
      return "reconnect_timeout";
    case CloseReason::GatherTimeout:
      return "gather_timeout";
    case CloseReason::NoCandidates:
      return "no_candidates";
    case CloseReason::OfferFailed:
      return "offer_failed";
    case CloseReason::AnswerFailed:
      return "answer_failed";
    case CloseReason::Shutdown:
      return "shutdown";
    case CloseReason::Other:
      break;
  }
  return "other";
}

}  // namespace wx::connections
