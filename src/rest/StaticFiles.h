// The browser side of the examples, served from files embedded at build time
// (CMakeLists.txt turns web/* and examples/*/client.js into byte arrays), so
// the server finds its pages whatever its working directory:
//   GET /                      web/index.html (lists /examples.json)
//   GET /examples.json         [{"name", "description"}] of every example
//   GET /web/FILE              web/FILE (shared shell, client, style)
//   GET /NAME/, /NAME/index.html  web/example.html for a registered NAME
//   GET /NAME                  302 to NAME/ (relative: the page loads
//                              ./client.js, and a proxy's prefix stays)
//   GET /NAME/client.js        examples/NAME/client.js
// Anything else is a JSON 404. Lookups are exact matches in the embedded
// table, so ".." can never reach a file outside it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rest/Http.h"

namespace wx::rest {

// One embedded file; `path` is relative to the source tree ("web/style.css").
struct EmbeddedFile {
  std::string_view path;
  std::string_view bytes;
};

// The files compiled into this binary (generated source, see CMakeLists.txt).
std::span<const EmbeddedFile> embeddedWebFiles();

// What the index and each page show about an example.
struct ExamplePage {
  std::string name;
  std::string description;
};

struct StaticResponse {
  int status = 200;
  std::string contentType;
  std::string body;
  std::string location;  // set for redirects
};

class StaticFiles {
 public:
  explicit StaticFiles(std::vector<ExamplePage> examples,
                       std::span<const EmbeddedFile> files = embeddedWebFiles());

  // The answer to GET `path` (already percent-decoded, without the query).
  StaticResponse get(std::string_view path) const;

  // Answers every GET that no earlier route took. Mount it after the APIs.
  static void mount(Router& router, std::vector<ExamplePage> examples);

  // "text/html; charset=utf-8" and so on, by file extension.
  static std::string contentTypeFor(std::string_view path);

 private:
  const EmbeddedFile* find(std::string_view path) const;
  bool isExample(std::string_view name) const;
  StaticResponse file(std::string_view path) const;

  std::vector<ExamplePage> examples_;
  std::span<const EmbeddedFile> files_;
};

}  // namespace wx::rest
