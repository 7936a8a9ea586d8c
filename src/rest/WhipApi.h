// WHIP (RFC 9725) and WHEP (draft-ietf-wish-whep) for one example: the
// client offers and the server answers, in plain SDP over HTTP, where this
// project's own contract (ConnectionsApi.h) has the server offer. Both
// protocols have the same shape; `endpoint` is, say, "/broadcaster/whip":
//   OPTIONS ENDPOINT     -> 204: Allow, Accept-Post, Link (ICE servers)
//   POST    ENDPOINT     -> 201: the answer (application/sdp), Location
//                           ENDPOINT/ID, ETag, Link (ICE servers)
//   PATCH   ENDPOINT/ID  -> 204: trickled candidates
//                           (application/trickle-ice-sdpfrag, RFC 8840)
//   DELETE  ENDPOINT/ID  -> 200: the session ends
//   OPTIONS ENDPOINT/ID  -> 204 (a browser's CORS preflight)
// The session's ID is the connection's: /NAME/connections/ID shows it too.
//
// Every answer, errors included, carries CORS headers allowing any origin,
// so a player page served from elsewhere can read it (Location, ETag and
// Link are exposed). Errors: 400 bad SDP or fragment, 401 missing or wrong
// bearer token, 404 unknown session, 409 closed session, 412 an If-Match
// that is not the session's ETag, 415 wrong Content-Type, 422 an ICE
// restart (not supported: RFC 9725 4.3.2), 503 no capacity.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "connections/ConnectionManager.h"
#include "rest/Http.h"
#include "rtc/IceServer.h"

namespace wx::rest {

struct WhipOptions {
  // When set, POST, PATCH and DELETE need "Authorization: Bearer TOKEN"
  // (RFC 9725 4.5; RFC 6750); OPTIONS never does (browsers send preflights
  // without credentials).
  std::string token;
  // Sent as Link headers, rel="ice-server" (RFC 9725 4.6), on OPTIONS and
  // on the POST's 201.
  std::vector<rtc::IceServer> iceServers;
  // When set, rewrites the client's offer before it is applied (WHEP: the
  // live broadcast's codec first, rtc::preferCodec). May be null.
  std::function<std::string(const std::string& offerSdp)> rewriteOffer;
};

class WhipApi {
 public:
  // Handlers run on HttpServer's worker threads and block there while
  // libwebrtc negotiates. `manager` must outlive the router; `beforeAnswer`
  // sets up each session from the client's offer.
  static void mount(Router& router, connections::ConnectionManager& manager,
                    const std::string& endpoint, connections::BeforeAnswer beforeAnswer,
                    WhipOptions options);
};

}  // namespace wx::rest
