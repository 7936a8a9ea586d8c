#include "rest/WhipApi.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "connections/ConnectionError.h"
#include "rest/ConnectionsApi.h"
#include "rest/Json.h"
#include "rtc/Sdp.h"

namespace wx::rest {
namespace {

using connections::ConnectionError;

constexpr const char* kSdp = "application/sdp";
constexpr const char* kFragment = "application/trickle-ice-sdpfrag";

void addCorsHeaders(HttpResponse& response) {
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  response.headers.emplace_back("Access-Control-Allow-Methods", "OPTIONS, POST, PATCH, DELETE");
  response.headers.emplace_back("Access-Control-Allow-Headers",
                                "Authorization, Content-Type, If-Match");
  response.headers.emplace_back("Access-Control-Expose-Headers", "Location, ETag, Link");
}

// Runs `f` with ConnectionError mapped to its status, and puts CORS headers
// on whatever it answers, errors too (a page can only read an error that
// carries them).
HttpHandler withCors(HttpHandler f) {
  return [f = mappingConnectionErrors(std::move(f))](const HttpRequest& request) {
    HttpResponse response;
    try {
      response = f(request);
    } catch (const HttpError& e) {
      response = errorResponse(request, e.status(), e.what());
    }
    addCorsHeaders(response);
    return response;
  };
}

// Whether `text` is `lowerCase` in any case (ASCII, as HTTP's tokens are).
bool equalsIgnoringCase(std::string_view text, std::string_view lowerCase) {
  return text.size() == lowerCase.size() &&
         std::equal(text.begin(), text.end(), lowerCase.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// 415 unless the media type (parameters aside, any case) is `expected`.
void requireContentType(const HttpRequest& request, const char* expected) {
  const std::string* header = request.header("content-type");
  std::string_view type = header ? std::string_view(*header) : std::string_view();
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (!equalsIgnoringCase(type, expected)) {
    throw HttpError(415, std::string("the body must be ") + expected);
  }
}

// Compares every byte, so the time taken tells nothing about where a wrong
// token differs (its length is no secret).
bool sameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

void requireToken(const HttpRequest& request, const std::string& token) {
  if (token.empty()) return;
  const std::string* header = request.header("authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (!header || header->size() < kScheme.size() ||
      !equalsIgnoringCase(std::string_view(*header).substr(0, kScheme.size()), kScheme) ||
      !sameSecret(std::string_view(*header).substr(kScheme.size()), token)) {
    throw HttpError(401, "a bearer token is required (Authorization: Bearer TOKEN)");
  }
}

// A quoted-string's content may not hold '"' or '\' unescaped (RFC 9110
// 5.6.4); escaping them keeps a header from being split by a credential.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// RFC 9725 4.6: one Link per URL, with the TURN credentials as attributes.
void addIceServerLinks(HttpResponse& response, const std::vector<rtc::IceServer>& servers) {
  for (const rtc::IceServer& server : servers) {
    for (const std::string& url : server.urls) {
      std::string link = "<" + url + ">; rel=\"ice-server\"";
      if (!server.username.empty()) {
        link += "; username=" + quoted(server.username) +
                "; credential=" + quoted(server.credential) + "; credential-type=\"password\"";
      }
      response.headers.emplace_back("Link", std::move(link));
    }
  }
}

// The session's ETag: its ICE credentials' ufrag, which only an ICE
// restart (not supported) would change.
std::string etagOf(const connections::WebRtcConnection& connection) {
  auto local = connection.peerConnection().localDescription();
  return quoted(local ? rtc::iceUfrag(local->sdp) : std::string());
}

HttpResponse noContent() {
  HttpResponse response;
  response.status = 204;
  response.contentType.clear();
  return response;
}

}  // namespace

void WhipApi::mount(Router& router, connections::ConnectionManager& manager,
                    const std::string& endpoint, connections::BeforeAnswer beforeAnswer,
                    WhipOptions options) {
  const std::string session = endpoint + "/{}";
  auto shared = std::make_shared<const WhipOptions>(std::move(options));

  router.add("OPTIONS", endpoint, withCors([shared](const HttpRequest&) {
               HttpResponse response = noContent();
               response.headers.emplace_back("Allow", "OPTIONS, POST");
               response.headers.emplace_back("Accept-Post", kSdp);
               addIceServerLinks(response, shared->iceServers);
               return response;
             }));

  router.add("POST", endpoint,
             withCors([&manager, endpoint, shared, beforeAnswer](const HttpRequest& request) {
               requireToken(request, shared->token);
               requireContentType(request, kSdp);
               const std::string offer =
                   shared->rewriteOffer ? shared->rewriteOffer(request.body) : request.body;
               auto [connection, answer] = manager.acceptOffer({"offer", offer}, beforeAnswer);
               HttpResponse response;
               response.status = 201;
               response.contentType = kSdp;
               // Complete: it holds every candidate the server has.
               response.body = rtc::removeTrickleOption(answer.sdp);
               response.headers.emplace_back("Location", endpoint + "/" + connection->id());
               response.headers.emplace_back("ETag", quoted(rtc::iceUfrag(answer.sdp)));
               response.headers.emplace_back("Accept-Patch", kFragment);
               addIceServerLinks(response, shared->iceServers);
               return response;
             }));

  router.add("OPTIONS", session, withCors([](const HttpRequest&) {
               HttpResponse response = noContent();
               response.headers.emplace_back("Allow", "OPTIONS, PATCH, DELETE");
               response.headers.emplace_back("Accept-Patch", kFragment);
               return response;
             }));

  router.add(
      "PATCH", session, withCors([&manager, shared](const HttpRequest& request) {
        requireToken(request, shared->token);
        auto connection = connectionOf(manager, request);
        requireContentType(request, kFragment);
        const std::string* ifMatch = request.header("if-match");
        if (ifMatch && *ifMatch == "*") {
          throw HttpError(422, "ICE restarts are not supported; start a new session");
        }
        if (ifMatch && *ifMatch != etagOf(*connection)) {
          throw HttpError(412, "If-Match is not this session's ETag");
        }
        const rtc::IceFragment fragment = rtc::parseIceFragment(request.body);
        auto remote = connection->peerConnection().remoteDescription();
        if (!fragment.ufrag.empty() && remote && fragment.ufrag != rtc::iceUfrag(remote->sdp)) {
          throw HttpError(422, "ICE restarts are not supported; start a new session");
        }
        for (const rtc::IceFragment::Candidate& candidate : fragment.candidates) {
          if (candidate.mid.empty()) {
            throw HttpError(400, "a candidate's media section has no a=mid");
          }
          connection->addRemoteCandidate(candidate.mid, candidate.candidate);
        }
        return noContent();
      }));

  router.add("DELETE", session, withCors([&manager, shared](const HttpRequest& request) {
               requireToken(request, shared->token);
               auto connection = connectionOf(manager, request);
               connection->close(connections::CloseReason::Deleted, "closed by DELETE");
               return jsonResponse(toJson(*connection));
             }));
}

}  // namespace wx::rest
