#include "client/StatsPrinter.h"

#include <chrono>
#include <string>

namespace wx::client {
namespace {

// One line a second, as the pages poll.
constexpr std::chrono::seconds kPrintEvery{1};

}  // namespace

StatsPrinter::StatsPrinter(std::shared_ptr<rtc::PeerConnection> pc, ServerStats serverStats,
                           std::FILE* out)
    : pc_(std::move(pc)), serverStats_(std::move(serverStats)), out_(out) {
  thread_ = std::thread([this] { run(); });
}

StatsPrinter::~StatsPrinter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stopped_.notify_all();
  thread_.join();
}

void StatsPrinter::run() {
  auto next = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    printOnce();
    lock.lock();
    next += kPrintEvery;
    stopped_.wait_until(lock, next, [this] { return stop_; });
  }
}

void StatsPrinter::printOnce() {
  std::string ours;
  try {
    nlohmann::json report = pc_->stats();
    ours = common::formatSummary(common::summarize(report, rates_.update(report)));
  } catch (const std::exception& e) {
    ours = std::string("(no stats: ") + e.what() + ")";
  }
  std::string theirs;
  try {
    nlohmann::json server = serverStats_();
    theirs = common::formatSummary(server.is_object() && server.contains("summary")
                                       ? server["summary"]
                                       : nlohmann::json::object());
  } catch (const std::exception& e) {
    theirs = std::string("(no stats: ") + e.what() + ")";
  }
  // One call per line, so it does not interleave with the example's output.
  std::fprintf(out_, "stats  client: %s | server: %s\n", ours.c_str(), theirs.c_str());
  std::fflush(out_);
}

}  // namespace wx::client
