#include "record-audio-video-stream/Recorder.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

namespace wx::examples::record_audio_video_stream {
namespace {

constexpr int kRate = 48000;
constexpr size_t kMaxQueued = 240;  // ~4 s of video and audio; past it, video is dropped
// How long after the first item of one kind the file waits for the other
// before it opens without it. A camera's first picture comes a few hundred
// ms after the first audio (key frame, decoder start); this is well past
// that, and bounds what waits in memory (at most a second of pictures).
constexpr int64_t kWaitForBothKindsUs = 1'000'000;

int64_t nowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string avError(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

}  // namespace

// Everything libav; used by the worker thread only.
struct Recorder::Encoder {
  AVFormatContext* format = nullptr;
  AVCodecContext* videoCodec = nullptr;
  AVCodecContext* audioCodec = nullptr;
  AVStream* videoStream = nullptr;
  AVStream* audioStream = nullptr;
  AVFrame* videoFrame = nullptr;
  AVFrame* audioFrame = nullptr;
  AVPacket* packet = nullptr;
  // Until decided, items wait here: the header must list the file's streams.
  bool decided = false;
  bool sawAudio = false;
  bool sawVideo = false;
  int64_t firstUs = -1;  // arrival of the first item of either kind
  std::deque<Item> waiting;
  bool droppedLateKind = false;  // said once in the log
  bool open = false;             // header written
  int64_t startUs = -1;          // time zero: the first picture's arrival, or the first audio's
  int64_t lastVideoMs = -1;      // pts of the last picture, in ms
  int64_t nextAudioPts = -1;     // in samples
  std::vector<int16_t> pending;  // samples not encoded yet
  rtc::I420Picture scaled;
  std::string error;  // the first failure; nothing is written after it

  ~Encoder() {
    av_packet_free(&packet);
    av_frame_free(&videoFrame);
    av_frame_free(&audioFrame);
    avcodec_free_context(&videoCodec);
    avcodec_free_context(&audioCodec);
    if (format) {
      if (format->pb) avio_closep(&format->pb);
      avformat_free_context(format);
    }
  }

  bool fail(const std::string& what, int code = 0) {
    if (error.empty()) error = code ? what + ": " + avError(code) : what;
    return false;
  }

  AVCodecContext* openCodec(const char* name, AVStream*& stream,
                            const std::function<void(AVCodecContext*)>& configure) {
    const AVCodec* codec = avcodec_find_encoder_by_name(name);
    if (!codec) return fail(std::string("FFmpeg has no ") + name + " encoder"), nullptr;
    AVCodecContext* context = avcodec_alloc_context3(codec);
    configure(context);
    if (format->oformat->flags & AVFMT_GLOBALHEADER) context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (int code = avcodec_open2(context, codec, nullptr); code < 0) {
      avcodec_free_context(&context);
      return fail(std::string("cannot open ") + name, code), nullptr;
    }
    stream = avformat_new_stream(format, nullptr);
    avcodec_parameters_from_context(stream->codecpar, context);
    stream->time_base = context->time_base;
    return context;
  }

  // Opens the file with a video stream when `width` > 0 and an audio stream
  // when `withAudio`.
  bool start(const std::filesystem::path& file, int width, int height, bool withAudio) {
    if (int code = avformat_alloc_output_context2(&format, nullptr, "webm", file.c_str());
        code < 0) {
      return fail("cannot make a WebM muxer", code);
    }
    const auto vp8 = [&](AVCodecContext* c) {
      c->width = width;
      c->height = height;
      c->time_base = {1, 1000};
      c->framerate = {30, 1};
      c->pix_fmt = AV_PIX_FMT_YUV420P;
      c->bit_rate = 1'500'000;
      c->gop_size = 60;
      av_opt_set(c->priv_data, "deadline", "realtime", 0);
      av_opt_set_int(c->priv_data, "cpu-used", 8, 0);
    };
    const auto opus = [](AVCodecContext* c) {
      c->sample_rate = kRate;
      av_channel_layout_default(&c->ch_layout, 1);
      c->sample_fmt = AV_SAMPLE_FMT_S16;
      c->bit_rate = 64'000;
      c->time_base = {1, kRate};
    };
    if (width > 0 && !(videoCodec = openCodec("libvpx", videoStream, vp8))) return false;
    if (withAudio && !(audioCodec = openCodec("libopus", audioStream, opus))) return false;
    if (int code = avio_open(&format->pb, file.c_str(), AVIO_FLAG_WRITE); code < 0) {
      return fail("cannot write " + file.string(), code);
    }
    if (int code = avformat_write_header(format, nullptr); code < 0) {
      return fail("cannot write the WebM header", code);
    }
    if (videoCodec) {
      videoFrame = av_frame_alloc();
      videoFrame->format = AV_PIX_FMT_YUV420P;
      videoFrame->width = width;
      videoFrame->height = height;
      if (av_frame_get_buffer(videoFrame, 0) < 0) return fail("out of memory for frames");
      scaled.resize(width, height);
    }
    if (audioCodec) {
      audioFrame = av_frame_alloc();
      audioFrame->format = AV_SAMPLE_FMT_S16;
      audioFrame->nb_samples = audioCodec->frame_size > 0 ? audioCodec->frame_size : 960;
      av_channel_layout_copy(&audioFrame->ch_layout, &audioCodec->ch_layout);
      audioFrame->sample_rate = kRate;
      if (av_frame_get_buffer(audioFrame, 0) < 0) return fail("out of memory for frames");
    }
    packet = av_packet_alloc();
    open = true;
    return true;
  }

  // Every item, in arrival order. Holds items back until the file's kinds
  // are known (see kWaitForBothKindsUs), then writes them.
  void take(const std::filesystem::path& file, Item item) {
    if (decided) return write(item);
    if (firstUs < 0) firstUs = item.atUs;
    (item.isVideo ? sawVideo : sawAudio) = true;
    const bool waitedEnough = item.atUs - firstUs >= kWaitForBothKindsUs;
    waiting.push_back(std::move(item));
    if ((sawVideo && sawAudio) || waitedEnough) decide(file);
  }

  // Opens the file with the kinds seen so far and writes what waited. With
  // video, time zero is the first picture and audio before it is not kept,
  // so both start together; without, it is the first audio.
  void decide(const std::filesystem::path& file) {
    decided = true;
    const auto firstPicture =
        std::find_if(waiting.begin(), waiting.end(), [](const Item& i) { return i.isVideo; });
    if (firstPicture != waiting.end()) {
      startUs = firstPicture->atUs;
      start(file, firstPicture->picture.width() & ~1, firstPicture->picture.height() & ~1,
            sawAudio);
    } else if (!waiting.empty()) {
      startUs = waiting.front().atUs;
      start(file, 0, 0, true);
    }
    for (const Item& item : waiting) write(item);
    waiting.clear();
  }

  void write(const Item& item) {
    if (!open || !error.empty()) return;
    if ((item.isVideo && !videoCodec) || (!item.isVideo && !audioCodec)) {
      if (!droppedLateKind) {
        spdlog::warn("recording: {} started more than {} ms after the {}: not recorded",
                     item.isVideo ? "video" : "audio", kWaitForBothKindsUs / 1000,
                     item.isVideo ? "audio" : "video");
      }
      droppedLateKind = true;
      return;
    }
    if (item.isVideo) {
      writeVideo(item.atUs, item.picture);
    } else if (item.atUs >= startUs) {
      writeAudio(item.atUs, item.samples);
    }
  }

  // Writes every packet `codec` has ready.
  bool drain(AVCodecContext* codec, AVStream* stream) {
    while (true) {
      int code = avcodec_receive_packet(codec, packet);
      if (code == AVERROR(EAGAIN) || code == AVERROR_EOF) return true;
      if (code < 0) return fail("encoding failed", code);
      av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      if (code = av_interleaved_write_frame(format, packet); code < 0) {
        return fail("writing the file failed", code);
      }
    }
  }

  void writeVideo(int64_t atUs, const rtc::I420Picture& in) {
    const int64_t ms = (atUs - startUs) / 1000;
    if (ms <= lastVideoMs) return;  // two pictures in one millisecond: keep the first
    const rtc::I420Picture* picture = &in;
    if (in.width() != scaled.width() || in.height() != scaled.height()) {
      rtc::scale(in.view(), scaled);
      picture = &scaled;
    }
    if (av_frame_make_writable(videoFrame) < 0) return void(fail("frame not writable"));
    const rtc::VideoFrame view = picture->view();
    const auto copyPlane = [&](int plane, const uint8_t* from, int stride, int w, int h) {
      for (int row = 0; row < h; ++row) {
        std::memcpy(videoFrame->data[plane] + row * videoFrame->linesize[plane],
                    from + row * stride, w);
      }
    };
    const int w = videoFrame->width;
    const int h = videoFrame->height;
    copyPlane(0, view.y, view.strideY, w, h);
    copyPlane(1, view.u, view.strideU, (w + 1) / 2, (h + 1) / 2);
    copyPlane(2, view.v, view.strideV, (w + 1) / 2, (h + 1) / 2);
    videoFrame->pts = ms;
    lastVideoMs = ms;
    if (int code = avcodec_send_frame(videoCodec, videoFrame); code < 0) {
      return void(fail("video encoding failed", code));
    }
    drain(videoCodec, videoStream);
  }

  void writeAudio(int64_t atUs, const std::vector<int16_t>& samples) {
    if (nextAudioPts < 0) nextAudioPts = std::max<int64_t>(0, (atUs - startUs) * kRate / 1'000'000);
    pending.insert(pending.end(), samples.begin(), samples.end());
    const size_t frameSize = static_cast<size_t>(audioFrame->nb_samples);
    size_t used = 0;
    while (pending.size() - used >= frameSize && error.empty()) {
      if (av_frame_make_writable(audioFrame) < 0) return void(fail("frame not writable"));
      std::memcpy(audioFrame->data[0], pending.data() + used, frameSize * sizeof(int16_t));
      audioFrame->pts = nextAudioPts;
      nextAudioPts += static_cast<int64_t>(frameSize);
      used += frameSize;
      if (int code = avcodec_send_frame(audioCodec, audioFrame); code < 0) {
        return void(fail("audio encoding failed", code));
      }
      drain(audioCodec, audioStream);
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(used));
  }

  // Opens the file if it waited still, flushes the encoders and writes the
  // trailer. Returns seconds written.
  double close(const std::filesystem::path& file) {
    if (!decided) decide(file);
    if (!open) return 0;
    if (error.empty()) {
      for (auto [codec, stream] : {std::pair{videoCodec, videoStream}, {audioCodec, audioStream}}) {
        if (!codec) continue;
        avcodec_send_frame(codec, nullptr);
        drain(codec, stream);
      }
    }
    if (int code = av_write_trailer(format); code < 0) fail("finishing the file failed", code);
    if (int code = avio_closep(&format->pb); code < 0) fail("closing the file failed", code);
    return std::max(static_cast<double>(lastVideoMs) / 1000,
                    static_cast<double>(std::max<int64_t>(nextAudioPts, 0)) / kRate);
  }
};

Recorder::Recorder(std::filesystem::path file)
    : file_(std::move(file)), encoder_(std::make_unique<Encoder>()) {
  worker_ = std::thread([this] { run(); });
}

Recorder::~Recorder() { finish(); }

void Recorder::video(const rtc::VideoFrame& frame) {
  Item item{nowUs(), true, {}, {}};
  item.picture.copyFrom(frame);
  std::lock_guard lock(mutex_);
  if (finishing_ || !receiving_) return;
  if (queue_.size() >= kMaxQueued) {
    if (!dropping_)
      spdlog::warn("recording {}: the encoder is behind; dropping video", file_.string());
    dropping_ = true;
    return;
  }
  dropping_ = false;
  queue_.push_back(std::move(item));
  wake_.notify_one();
}

void Recorder::audio(const rtc::AudioFrame& frame) {
  if (frame.sampleRate != kRate || frame.channels < 1) return;
  // The receiver plays out zeros until the peer's first packet: audio
  // starts with the first sound, so a peer that sends none has no audio.
  if (!heardAudio_) {
    if (!rtc::hasSound(frame)) return;
    heardAudio_ = true;
  }
  Item item{nowUs(), false, {}, std::vector<int16_t>(frame.frames)};
  for (size_t i = 0; i < frame.frames; ++i) {
    int sum = 0;
    for (int c = 0; c < frame.channels; ++c) sum += frame.samples[i * frame.channels + c];
    item.samples[i] = static_cast<int16_t>(sum / frame.channels);
  }
  std::lock_guard lock(mutex_);
  if (finishing_ || !receiving_) return;
  queue_.push_back(std::move(item));  // audio is small: never dropped
  wake_.notify_one();
}

void Recorder::setReceiving(bool receiving) {
  std::lock_guard lock(mutex_);
  if (receiving_ != receiving) {
    spdlog::info("recording {}: {}", file_.string(), receiving ? "resumed" : "paused");
  }
  receiving_ = receiving;
}

void Recorder::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return finishing_ || !queue_.empty(); });
    if (queue_.empty()) break;  // finishing, and all written
    Item item = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    encoder_->take(file_, std::move(item));
    lock.lock();
  }
}

Recorder::Result Recorder::finish() {
  // Once: a second caller waits for the first and gets the same result.
  std::call_once(finished_, [this] {
    {
      std::lock_guard lock(mutex_);
      finishing_ = true;
    }
    wake_.notify_one();
    worker_.join();
    result_ = Result{file_, encoder_->close(file_), encoder_->audioCodec != nullptr,
                     encoder_->videoCodec != nullptr, std::nullopt};
    if (!encoder_->error.empty()) {
      result_->error = encoder_->error;
    } else if (!encoder_->open) {
      result_->error = "no audio or video arrived: nothing was recorded";
    }
    if (result_->error) {
      spdlog::warn("recording {}: {}", file_.string(), *result_->error);
      // A file cut short by a failure may not play: none rather than a bad one.
      std::error_code ignored;
      std::filesystem::remove(file_, ignored);
      *result_ = Result{{}, 0, false, false, result_->error};
    }
  });
  return *result_;
}

}  // namespace wx::examples::record_audio_video_stream
