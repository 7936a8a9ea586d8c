// video-compositing, server half: keep the latest received picture (on the
// decoding thread), and on each tick of the shared video clock draw the
// output with a Compositor and push it into our own video track.
#include <chrono>
#include <mutex>
#include <utility>

#include "video-compositing/Compositor.h"
#include "video-compositing/example.h"

namespace wx::examples::video_compositing {
namespace {

struct Session : connections::ExampleSession {
  std::mutex mutex;
  rtc::I420Picture latest;   // under mutex; empty until a frame arrives
  bool fresh = false;        // under mutex: `latest` is newer than `drawing`
  rtc::I420Picture drawing;  // the clock's own; swapped with `latest` when fresh
  Compositor compositor;
  std::shared_ptr<rtc::VideoSource> output = rtc::VideoSource::create();
  const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  // Members below go first on destruction: no callback then touches those above.
  std::unique_ptr<rtc::MediaSink> receiving;
  std::unique_ptr<common::FramePacer::Subscription> ticking;

  // Decoding thread: a copy, so the decoder's buffer is free at once.
  void received(const rtc::VideoFrame& frame) {
    std::lock_guard lock(mutex);
    latest.copyFrom(frame);
    fresh = true;
  }

  // The clock's thread.
  void tick() {
    {
      std::lock_guard lock(mutex);
      if (fresh) std::swap(latest, drawing);
      fresh = false;
    }
    const bool have = !drawing.empty();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const rtc::VideoFrame in = drawing.view();
    output->push(compositor.draw(have ? &in : nullptr, seconds).view());
  }
};

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> videoClock) {
  return [videoClock](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>();
    auto video = pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::SendRecv);
    video->send(session->output);
    session->receiving =
        video->receiveVideo([s = session.get()](const rtc::VideoFrame& f) { s->received(f); });
    session->ticking = videoClock->subscribe([s = session.get()] { s->tick(); });
    return session;
  };
}

}  // namespace wx::examples::video_compositing
