// The pages the server embeds: what each path answers, with which type, and
// that nothing outside the embedded web root is reachable.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "Example.h"
#include "rest/HttpServer.h"
#include "rest/StaticFiles.h"

namespace wx::rest {
namespace {

std::vector<ExamplePage> registryPages() {
  std::vector<ExamplePage> pages;
  for (const examples::Example& example : examples::makeExamples()) {
    pages.push_back({example.name, example.description});
  }
  return pages;
}

StaticFiles pingPongOnly() { return StaticFiles(std::vector<ExamplePage>{{"ping-pong", "d"}}); }

TEST(StaticFilesTest, ContentTypesFollowTheExtension) {
  EXPECT_EQ(StaticFiles::contentTypeFor("web/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(StaticFiles::contentTypeFor("web/shell.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticFiles::contentTypeFor("web/style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticFiles::contentTypeFor("x.json"), "application/json");
  EXPECT_EQ(StaticFiles::contentTypeFor("README"), "application/octet-stream");
}

TEST(StaticFilesTest, ServesTheSharedFilesAndEachExamplesPage) {
  StaticFiles files = pingPongOnly();
  struct Case {
    std::string path;
    std::string type;
    std::string contains;
  };
  for (const Case& c : std::vector<Case>{
           {"/", "text/html", "'examples.json'"},
           {"/index.html", "text/html", "'examples.json'"},
           {"/web/style.css", "text/css", "trail"},
           {"/web/shell.js", "text/javascript", "beforeAnswer"},
           {"/web/ConnectionClient.js", "text/javascript", "remote-description"},
           {"/ping-pong/", "text/html", "\"../web/shell.js\""},
           {"/ping-pong/index.html", "text/html", "\"../web/shell.js\""},
           {"/ping-pong/client.js", "text/javascript", "ping-pong"},
       }) {
    StaticResponse response = files.get(c.path);
    EXPECT_EQ(response.status, 200) << c.path;
    EXPECT_TRUE(response.contentType.starts_with(c.type)) << c.path << ": " << response.contentType;
    EXPECT_NE(response.body.find(c.contains), std::string::npos) << c.path;
  }
}

TEST(StaticFilesTest, ExampleNameWithoutSlashRedirectsSoRelativeLinksWork) {
  StaticResponse response = pingPongOnly().get("/ping-pong");
  EXPECT_EQ(response.status, 302);
  // Relative, so behind a proxy's path prefix it stays under the prefix.
  EXPECT_EQ(response.location, "ping-pong/");
}

// Behind a reverse proxy the site lives under a path prefix (deploy/
// nginx.conf serves it at /webrtc/): a root-relative URL in any page,
// script or style sheet would leave the prefix and 404.
TEST(StaticFilesTest, EmbeddedFilesUseOnlyRelativeUrls) {
  const std::regex rootRelative(R"re((href|src|action)\s*=\s*["'`]/)re"
                                R"re(|(fetch|import|url|URL)\(\s*["'`]/)re"
                                R"re(|from\s+["']/|ConnectionClient\(\s*["'`]/)re");
  ASSERT_FALSE(embeddedWebFiles().empty());
  for (const EmbeddedFile& file : embeddedWebFiles()) {
    std::string text(file.bytes);
    std::smatch found;
    EXPECT_FALSE(std::regex_search(text, found, rootRelative))
        << file.path << " has a root-relative URL: ..." << found.str(0) << "...";
  }
}

TEST(StaticFilesTest, UnknownPathsAreJson404s) {
  StaticFiles files = pingPongOnly();
  for (const char* path : {"/nope", "/nope/", "/nope/client.js", "/web/nope.js", "/ping-pong/x.js",
                           "/web/", "", "web/style.css", "/web/style.css/"}) {
    StaticResponse response = files.get(path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.contentType, "application/json") << path;
    EXPECT_EQ(nlohmann::json::parse(response.body).value("error", ""), "not found") << path;
  }
}

TEST(StaticFilesTest, DotDotNeverLeavesTheWebRoot) {
  // "web/../web/style.css" is a file that exists once the path is resolved;
  // it must still be refused, as must everything that climbs out.
  StaticFiles files = pingPongOnly();
  for (const char* path :
       {"/web/../web/style.css", "/web/../CMakeLists.txt", "/../CMakeLists.txt",
        "/ping-pong/../../etc/passwd", "/ping-pong/../web/style.css", "/..", "/web/..",
        "/web/..\\CMakeLists.txt", "/ping-pong/../ping-pong/client.js"}) {
    EXPECT_EQ(files.get(path).status, 404) << path;
  }
}

TEST(StaticFilesTest, ExamplesJsonListsEveryRegisteredExampleInOrder) {
  StaticResponse response = StaticFiles(registryPages()).get("/examples.json");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.contentType, "application/json");
  nlohmann::json list = nlohmann::json::parse(response.body);
  const auto all = examples::makeExamples();
  ASSERT_EQ(list.size(), all.size());
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i]["name"], all[i].name);
    EXPECT_EQ(list[i]["description"], all[i].description);
  }
}

// The registry's comment promises a client.js per example; without one the
// shell would load a 404 as the page's half and show only an error.
TEST(StaticFilesTest, EveryRegisteredExampleHasItsBrowserHalf) {
  StaticFiles files(registryPages());
  for (const examples::Example& example : examples::makeExamples()) {
    StaticResponse response = files.get("/" + example.name + "/client.js");
    EXPECT_EQ(response.status, 200) << example.name;
    EXPECT_TRUE(response.contentType.starts_with("text/javascript")) << example.name;
    EXPECT_TRUE(
        std::regex_search(response.body, std::regex("export (async )?function beforeAnswer\\(")))
        << example.name;
  }
}

TEST(StaticFilesTest, OnlyRegisteredNamesGetAPage) {
  StaticFiles files = pingPongOnly();
  EXPECT_EQ(files.get("/ping-pong/").status, 200);
  EXPECT_EQ(StaticFiles(std::vector<ExamplePage>{}).get("/ping-pong/").status, 404);
}

TEST(StaticFilesTest, EveryEmbeddedFileIsUnderWebOrAnExampleFolder) {
  ASSERT_FALSE(embeddedWebFiles().empty());
  for (const EmbeddedFile& file : embeddedWebFiles()) {
    EXPECT_TRUE(file.path.starts_with("web/") || file.path.starts_with("examples/")) << file.path;
    EXPECT_FALSE(file.bytes.empty()) << file.path;
  }
}

// Over real HTTP: headers, the redirect, percent-encoded traversal, and that
// the APIs mounted first keep their routes.
TEST(StaticFilesTest, MountedBehindAnApiOverHttp) {
  Router router;
  router.add("GET", "/ping-pong/connections",
             [](const HttpRequest&) { return jsonResponse(nlohmann::json::array()); });
  StaticFiles::mount(router, registryPages());
  HttpServer server(router, {});
  int port = server.start("127.0.0.1", 0);
  ASSERT_GT(port, 0);

  httplib::Client client("127.0.0.1", port);
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_TRUE(index->get_header_value("Content-Type").starts_with("text/html"));

  auto api = client.Get("/ping-pong/connections");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->body, "[]");

  auto redirect = client.Get("/ping-pong");
  ASSERT_TRUE(redirect);
  EXPECT_EQ(redirect->status, 302);
  EXPECT_EQ(redirect->get_header_value("Location"), "ping-pong/");

  for (const char* path : {"/missing", "/web/%2e%2e/CMakeLists.txt", "/%2E%2E/%2E%2E/etc/passwd"}) {
    auto missing = client.Get(path);
    ASSERT_TRUE(missing) << path;
    EXPECT_EQ(missing->status, 404) << path;
    EXPECT_EQ(missing->get_header_value("Content-Type"), "application/json") << path;
    EXPECT_EQ(nlohmann::json::parse(missing->body).value("error", ""), "not found") << path;
  }

  server.stop();
}

}  // namespace
}  // namespace wx::rest
