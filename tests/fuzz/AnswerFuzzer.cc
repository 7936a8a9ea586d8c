// Fuzz target `answer`: the body of POST .../remote-description from the
// bytes a client sends up to the call into libwebrtc. rest::parseDescription
// reads the JSON; WebRtcConnection::applyAnswer checks the type, caps the
// candidates (rtc::countCandidates) and hands the SDP to the peer
// connection, here a FakePeerConnection that takes any SDP starting "v=0".
//
// Input: the request body, any bytes. Corpus: tests/fuzz/corpus/answer/.
#include <nlohmann/json.hpp>
#include <string>

#include "connections/ConnectionError.h"
#include "connections/WebRtcConnection.h"
#include "fuzz/FuzzTarget.h"
#include "rest/Http.h"
#include "rest/Json.h"
#include "rtc/Sdp.h"
#include "unit/connections/FakePeerConnection.h"
#include "unit/connections/FakeScheduler.h"

namespace wx::fuzz {
namespace {

using connections::ConnectionError;
using connections::WebRtcConnection;

// What a client would read back: valid JSON whatever the bytes inside.
void checkAnswersAsJson(const nlohmann::json& json) {
  const rest::HttpResponse response = rest::jsonResponse(json);
  FUZZ_CHECK(!nlohmann::json::parse(response.body, nullptr, false).is_discarded());
}

// One connection, offered, given `answer`; `cap` candidates at most.
void apply(const rtc::SessionDescription& answer, size_t cap) {
  testing::FakeScheduler scheduler;
  auto pc = std::make_shared<testing::FakePeerConnection>();
  connections::WebRtcConnectionOptions options;
  options.maxRemoteCandidates = cap;
  auto connection = WebRtcConnection::create("fuzz", pc, scheduler, options);
  connection->doOffer(nullptr);

  const size_t candidates = rtc::countCandidates(answer.sdp);
  bool applied = false;
  try {
    connection->applyAnswer(answer);
    applied = true;
  } catch (const ConnectionError& e) {
    // Only the client's fault: never a 409, 500 or 503 for a fresh connection.
    FUZZ_CHECK(e.kind() == ConnectionError::Kind::BadInput);
    checkAnswersAsJson(rest::errorJson(e.what()));
  }
  const bool acceptable =
      answer.type == "answer" && candidates <= cap && answer.sdp.starts_with("v=0");
  FUZZ_CHECK(applied == acceptable);
  if (applied) {
    FUZZ_CHECK(pc->remoteDescription() && pc->remoteDescription()->sdp == answer.sdp);
    try {
      connection->applyAnswer(answer);
      fail(__FILE__, __LINE__, "a second answer was applied");
    } catch (const ConnectionError& e) {
      FUZZ_CHECK(e.kind() == ConnectionError::Kind::WrongState);
    }
  } else {
    // Nothing reached the peer, and a corrected answer is still taken.
    FUZZ_CHECK(!pc->remoteDescription());
    connection->applyAnswer({"answer", "v=0\r\n"});
    FUZZ_CHECK(pc->remoteDescription());
  }
  checkAnswersAsJson(rest::toJson(*connection));
  connection->close("fuzz");
  FUZZ_CHECK(pc->closed);
  checkAnswersAsJson(rest::toJson(*connection));
}

}  // namespace

int fuzzAnswer(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  rtc::SessionDescription answer;
  try {
    answer = rest::parseDescription(body);
  } catch (const ConnectionError& e) {
    FUZZ_CHECK(e.kind() == ConnectionError::Kind::BadInput);
    return 0;
  }
  // What was parsed is what the JSON said: it survives a round trip.
  const nlohmann::json again = {{"type", answer.type}, {"sdp", answer.sdp}};
  const rtc::SessionDescription reparsed = rest::parseDescription(again.dump());
  FUZZ_CHECK(reparsed.type == answer.type && reparsed.sdp == answer.sdp);

  // The server's cap, and a small one so that short inputs reach it too.
  apply(answer, connections::WebRtcConnectionOptions{}.maxRemoteCandidates);
  apply(answer, 2);
  return 0;
}

}  // namespace wx::fuzz

WX_FUZZ_ENTRY(wx::fuzz::fuzzAnswer)
