// rest::Router and the helpers of Http.h, without sockets.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/Log.h"
#include "rest/Http.h"

namespace wx::rest {
namespace {

HttpRequest request(std::string method, std::string path, std::string body = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  return r;
}

// Answers with the matched parameters joined by '|'.
HttpHandler echoParams() {
  return [](const HttpRequest& r) {
    std::string joined;
    for (const std::string& p : r.params) joined += (joined.empty() ? "" : "|") + p;
    return HttpResponse{200, "text/plain", joined, {}};
  };
}

Router exampleRouter() {
  Router router;
  router.add("POST", "/a/connections", echoParams());
  router.add("GET", "/a/connections/{}", echoParams());
  router.add("DELETE", "/a/connections/{}", echoParams());
  router.add("POST", "/a/connections/{}/remote-description", echoParams());
  router.add("GET", "/a/files/*", echoParams());
  return router;
}

TEST(HttpTest, RoutesMatchWholeSegments) {
  const Router router = exampleRouter();
  struct Case {
    const char* method;
    const char* path;
    int status;
    const char* body;  // for 200
  };
  const Case cases[] = {
      {"POST", "/a/connections", 200, ""},
      {"GET", "/a/connections/x1", 200, "x1"},
      {"HEAD", "/a/connections/x1", 200, "x1"},  // HEAD is GET without a body
      {"POST", "/a/connections/x1/remote-description", 200, "x1"},
      {"GET", "/a/files/one", 200, "one"},
      {"GET", "/a/files/one/two", 200, "one/two"},
      {"GET", "/a/connections/", 404, nullptr},     // "{}" is never empty
      {"GET", "/a/connections/x/y", 404, nullptr},  // nor more than one segment
      {"GET", "/a/connectionsX", 404, nullptr},
      {"GET", "/a/files/", 404, nullptr},
      {"GET", "a/connections/x", 404, nullptr},  // not absolute
      {"GET", "", 404, nullptr},
  };
  for (const Case& c : cases) {
    HttpResponse response = router.handle(request(c.method, c.path));
    EXPECT_EQ(response.status, c.status) << c.method << " " << c.path;
    if (c.body) {
      EXPECT_EQ(response.body, c.body) << c.method << " " << c.path;
    }
  }
}

TEST(HttpTest, AKnownPathWithAnotherMethodIs405WithAllow) {
  HttpResponse response = exampleRouter().handle(request("PUT", "/a/connections/x"));
  EXPECT_EQ(response.status, 405);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Allow");
  EXPECT_EQ(response.headers[0].second, "GET, DELETE");
  EXPECT_TRUE(nlohmann::json::parse(response.body).contains("error"));
}

TEST(HttpTest, UnknownGetsGoToTheFallbackOthersGetA404) {
  Router router = exampleRouter();
  router.fallback([](const HttpRequest&) { return HttpResponse{200, "text/html", "page", {}}; });
  EXPECT_EQ(router.handle(request("GET", "/index.html")).body, "page");
  HttpResponse post = router.handle(request("POST", "/index.html"));
  EXPECT_EQ(post.status, 404);
  EXPECT_EQ(post.contentType, "application/json");
}

TEST(HttpTest, HandlerExceptionsBecomeJsonErrors) {
  Router router;
  router.add("GET", "/http-error",
             [](const HttpRequest&) -> HttpResponse { throw HttpError(409, "wrong state"); });
  router.add("GET", "/std",
             [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
  router.add("GET", "/other", [](const HttpRequest&) -> HttpResponse { throw 42; });
  for (auto [path, status] : {std::pair{"/http-error", 409}, {"/std", 500}, {"/other", 500}}) {
    HttpResponse response = router.handle(request("GET", path));
    EXPECT_EQ(response.status, status) << path;
    EXPECT_TRUE(nlohmann::json::parse(response.body).contains("error")) << path;
  }
}

TEST(HttpTest, InvalidUtf8BecomesReplacementCharacters) {
  HttpResponse response = jsonResponse({{"id", std::string("a\xff"
                                                           "b")}});
  EXPECT_EQ(nlohmann::json::parse(response.body)["id"],
            "a\xef\xbf\xbd"
            "b");
  // An error that echoes a path of arbitrary bytes is still valid JSON.
  HttpResponse error = errorResponse(request("GET", "/\xc3\x28"), 404, "no '\xc3\x28'");
  EXPECT_FALSE(nlohmann::json::parse(error.body, nullptr, false).is_discarded());
}

TEST(HttpTest, LoggedTextIsEscapedAndCut) {
  EXPECT_EQ(common::escapeForLog("a\nb\x01\xff\"\\"), "a\\x0ab\\x01\\xff\\\"\\\\");
  const std::string longText(1000, 'x');
  EXPECT_EQ(common::escapeForLog(longText), std::string(200, 'x') + "...");
}

}  // namespace
}  // namespace wx::rest
