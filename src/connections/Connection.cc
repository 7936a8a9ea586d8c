#include "connections/Connection.h"

namespace wx::connections {

void Connection::close(CloseReason why, const std::string& reason) {
  if (closed_.exchange(true)) {
    // Another thread is tearing down: return only once it is done, so that
    // after close() nothing of ours runs (the manager may be destroyed next).
    if (closingThread_ != std::this_thread::get_id()) {
      std::unique_lock lock(mutex_);
      closedChanged_.wait(lock, [this] { return closeDone_; });
    }
    return;
  }
  closingThread_ = std::this_thread::get_id();
  closeReason_ = why;
  doClose(reason);
  std::function<void()> handler;
  {
    std::lock_guard lock(mutex_);
    handler = std::move(onClosed_);
  }
  if (handler) handler();
  // Waiters wake only once the close handler ran (the manager forgot us).
  std::lock_guard lock(mutex_);
  closeDone_ = true;
  closedChanged_.notify_all();
}

bool Connection::waitUntilClosed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return closedChanged_.wait_for(lock, timeout, [this] { return closeDone_; });
}

void Connection::onClosed(std::function<void()> handler) {
  {
    std::lock_guard lock(mutex_);
    if (!closed_) {
      onClosed_ = std::move(handler);
      return;
    }
  }
  // Closed already: one-shot events are not lost.
  if (handler) handler();
}

}  // namespace wx::connections
