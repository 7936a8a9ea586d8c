// Small, well-understood rewrites of SDP text that libwebrtc has no API for.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wx::rtc {

// Drops "a=ice-options:trickle" lines: our offers are complete (every host
// candidate is in them), so the answerer need not wait for more.
std::string removeTrickleOption(const std::string& sdp);

// Puts "stereo=1" on every Opus fmtp line (added, or replacing another
// stereo value), which asks the other side to send two channels (what a
// browser does not do by default). Other parameters stay as they were.
std::string requestOpusStereo(const std::string& sdp);

// Moves `codec`'s payload types (by a=rtpmap name, any case: "H264") to the
// front of every m= line of `kind` ("video"), the rest keeping their order.
// An answerer sends with the first codec of the offer's list that it
// accepts (libwebrtc does), so this makes it send `codec` when the offerer
// takes it. Other lines stay as they were.
std::string preferCodec(const std::string& sdp, std::string_view kind, std::string_view codec);

// Whether any a=rtpmap line names `codec` (any case: "VP8").
bool hasCodec(const std::string& sdp, std::string_view codec);

// The number of "a=candidate:" lines, in every media section.
size_t countCandidates(const std::string& sdp);

// The number of candidates a peer could send to: every "a=candidate:" line
// but active TCP ones (RFC 6544: they only connect out, to a passive or
// simultaneous-open candidate, and libwebrtc offers one when it cannot listen,
// for example when --rtc-min-port's range is used up).
size_t countReachableCandidates(const std::string& sdp);

// The number of media sections ("m=" lines).
size_t countMediaSections(const std::string& sdp);

// The number of media sections not rejected: those whose m= line's port is
// not 0 (RFC 3264 6).
size_t countAcceptedMediaSections(const std::string& sdp);

// The first "a=ice-ufrag:" value (session level or the first section's), or
// empty when there is none.
std::string iceUfrag(const std::string& sdp);

// What a trickle ICE fragment carries (RFC 8840's
// application/trickle-ice-sdpfrag, as WHIP's PATCH sends it, RFC 9725 4.3):
// ICE credentials and, per media section, its mid and candidate lines.
struct IceFragment {
  struct Candidate {
    std::string mid;        // the section's a=mid; empty when it named none
    std::string candidate;  // "candidate:1 1 udp ...", without "a="
  };
  std::string ufrag;  // the first a=ice-ufrag, empty when absent
  std::string pwd;    // the first a=ice-pwd, empty when absent
  std::vector<Candidate> candidates;
  bool endOfCandidates = false;  // a=end-of-candidates
};
// Reads the lines it knows and ignores the rest (never throws).
IceFragment parseIceFragment(const std::string& fragment);

// The public addresses of a host behind a 1:1 NAT (a cloud VM), as Janus's
// nat_1_1_mapping and mediasoup's announcedAddress: at most one per family,
// in the text form inet_pton reads ("203.0.113.7", "2001:db8::7").
struct AnnouncedAddresses {
  std::string ipv4;
  std::string ipv6;
  bool keepPrivate = false;  // also offer the private address beside it
  bool empty() const { return ipv4.empty() && ipv6.empty(); }
};

// Offers host candidates with the announced address of their family, same
// port (the NAT maps ports 1:1): each "typ host" a=candidate line that is not
// loopback or link-local, and any c= line that named a replaced address.
// With keepPrivate, the private candidate stays, and the announced one is
// added before it (foundation prefixed with "a", same priority). Families
// with no announced address, and every other line, stay as they are.
std::string announceAddresses(const std::string& sdp, const AnnouncedAddresses& announced);

}  // namespace wx::rtc
