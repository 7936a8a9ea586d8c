// The one error taxonomy of the connection layer. src/rest maps each kind to
// an HTTP status in one place.
#pragma once

#include <stdexcept>
#include <string>

namespace wx::connections {

class ConnectionError : public std::runtime_error {
 public:
  enum class Kind {
    BadInput,     // the caller sent something invalid (400)
    NotFound,     // no connection with that ID (404)
    WrongState,   // valid, but not now: answer applied already, closed (409)
    Unavailable,  // cannot serve now: connection cap, file descriptors, no network (503)
    Internal,     // our failure (500)
  };
  ConnectionError(Kind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace wx::connections
