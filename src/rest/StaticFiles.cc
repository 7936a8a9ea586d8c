#include "rest/StaticFiles.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>

#include "common/Log.h"
#include "rest/Json.h"

namespace wx::rest {
namespace {

constexpr std::string_view kIndexFile = "web/index.html";
constexpr std::string_view kExampleFile = "web/example.html";

StaticResponse notFound() { return {404, "application/json", errorJson("not found").dump(), {}}; }

// Lookups are exact, so this is a second fence, not the only one: a path
// with a ".." segment, a backslash or a NUL is refused before any lookup.
bool isSafe(std::string_view path) {
  if (path.find('\\') != std::string_view::npos) return false;
  if (path.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    if (path.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

StaticFiles::StaticFiles(std::vector<ExamplePage> examples, std::span<const EmbeddedFile> files)
    : examples_(std::move(examples)), files_(files) {}

std::string StaticFiles::contentTypeFor(std::string_view path) {
  if (endsWith(path, ".html")) return "text/html; charset=utf-8";
  if (endsWith(path, ".js") || endsWith(path, ".mjs")) return "text/javascript; charset=utf-8";
  if (endsWith(path, ".css")) return "text/css; charset=utf-8";
  if (endsWith(path, ".json")) return "application/json";
  if (endsWith(path, ".svg")) return "image/svg+xml";
  if (endsWith(path, ".png")) return "image/png";
  if (endsWith(path, ".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

const EmbeddedFile* StaticFiles::find(std::string_view path) const {
  for (const EmbeddedFile& file : files_) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

bool StaticFiles::isExample(std::string_view name) const {
  return std::any_of(examples_.begin(), examples_.end(),
                     [name](const ExamplePage& example) { return example.name == name; });
}

StaticResponse StaticFiles::file(std::string_view path) const {
  const EmbeddedFile* found = find(path);
  if (!found) return notFound();
  return {200, contentTypeFor(path), std::string(found->bytes), {}};
}

StaticResponse StaticFiles::get(std::string_view path) const {
  if (path.empty() || path.front() != '/' || !isSafe(path)) return notFound();
  if (path == "/" || path == "/index.html") return file(kIndexFile);
  if (path == "/examples.json") {
    nlohmann::json list = nlohmann::json::array();
    for (const ExamplePage& example : examples_) {
      list.push_back({{"name", example.name}, {"description", example.description}});
    }
    return {200, "application/json", list.dump(), {}};
  }
  if (path.starts_with("/web/")) return file(path.substr(1));

  // /NAME, /NAME/, /NAME/index.html, /NAME/client.js for registered names.
  std::string_view rest = path.substr(1);
  size_t slash = rest.find('/');
  std::string_view name = rest.substr(0, slash);
  if (!isExample(name)) return notFound();
  // Relative ("NAME/", resolved against /NAME), so behind a reverse proxy
  // that serves the site under a prefix it leads to PREFIX/NAME/.
  if (slash == std::string_view::npos) return {302, "text/plain", "", std::string(name) + "/"};
  std::string_view inside = rest.substr(slash + 1);
  if (inside.empty() || inside == "index.html") return file(kExampleFile);
  if (inside == "client.js") return file("examples/" + std::string(name) + "/client.js");
  return notFound();
}

void StaticFiles::mount(Router& router, std::vector<ExamplePage> examples) {
  auto files = std::make_shared<const StaticFiles>(std::move(examples));
  router.fallback([files](const HttpRequest& request) {
    StaticResponse answer = files->get(request.path);
    if (answer.status == 404) spdlog::debug("GET {} -> 404", common::escapeForLog(request.path));
    HttpResponse response{answer.status, answer.contentType, std::move(answer.body), {}};
    if (!answer.location.empty()) response.headers.emplace_back("Location", answer.location);
    // Pages change with every build; make browsers ask again each time.
    response.headers.emplace_back("Cache-Control", "no-cache");
    return response;
  });
}

}  // namespace wx::rest
