// What every managed connection has: an ID, open/closed, and a close hook
// for whoever keeps track of it (the ConnectionManager).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "connections/CloseReason.h"

namespace wx::connections {

class Connection {
 public:
  explicit Connection(std::string id) : id_(std::move(id)) {}
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& id() const { return id_; }
  bool isClosed() const { return closed_; }
  // "open" or "closed", as in the seed's JSON.
  const char* state() const { return closed_ ? "closed" : "open"; }

  // Idempotent: the first call tears down and fires onClosed; a concurrent
  // call from another thread returns once that is done. `why` is the
  // metrics' label; `detail` the log's text.
  void close(CloseReason why, const std::string& detail);
  void close(const std::string& detail) { close(CloseReason::Other, detail); }
  // What the first close() said; Other while open.
  CloseReason closeReason() const { return closeReason_; }

  // Blocks until the connection is closed and its close handler ran, or
  // `timeout` passes; true if closed.
  bool waitUntilClosed(std::chrono::milliseconds timeout);

  // Runs once, on the thread that closed the connection (an HTTP handler,
  // the scheduler thread or the server's shutdown), never on libwebrtc's.
  void onClosed(std::function<void()> handler);

 protected:
  // The subclass's teardown; runs once, before onClosed fires.
  virtual void doClose(const std::string& reason) = 0;

 private:
  const std::string id_;
  std::atomic<bool> closed_{false};
  std::atomic<CloseReason> closeReason_{CloseReason::Other};
  std::mutex mutex_;
  std::condition_variable closedChanged_;
  std::function<void()> onClosed_;
  bool closeDone_ = false;  // teardown and close handler finished
  std::atomic<std::thread::id> closingThread_{};
};

}  // namespace wx::connections
