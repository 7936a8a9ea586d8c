// record-audio-video-stream end to end: a native client sends 3 s (changing
// size halfway), and ffprobe (Debian's ffmpeg) reads what the server wrote.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/PatternSender.h"
#include "common/ToneSender.h"
#include "integration/TestServer.h"
#include "record-audio-video-stream/Recorder.h"
#include "record-audio-video-stream/example.h"
#include "rtc/I420Picture.h"

namespace wx::testing {
namespace {

using namespace std::chrono_literals;

// ffprobe's JSON about `file`: its streams and format.
nlohmann::json probe(const std::filesystem::path& file) {
  const std::string command =
      "ffprobe -v error -print_format json -show_streams -show_format '" + file.string() + "' 2>&1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    pclose(pipe);
  }
  auto json = nlohmann::json::parse(output, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << output;
  return json;
}

std::vector<std::filesystem::path> webmFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".webm") files.push_back(entry.path());
  }
  return files;
}

// A record-audio-video-stream connection sending only a 320x240 pattern at
// 30 fps, until it is destroyed (the connection goes first).
struct PatternRecording {
  explicit PatternRecording(const TestServer& server)
      : client(server.clientFor("record-audio-video-stream")) {
    connection = client.connect([&](rtc::PeerConnection& pc) {
      client::transceiverOf(pc, rtc::MediaKind::Video)->send(pattern.source());
    });
  }

  client::ConnectionClient client;
  common::PatternSender pattern{std::make_shared<common::FramePacer>(33ms), 320, 240};
  std::unique_ptr<client::ClientConnection> connection;
};

// The kinds of stream ffprobe finds in `info`, counted: {"audio": 1, ...}.
std::map<std::string, int> streamKinds(const nlohmann::json& info) {
  std::map<std::string, int> kinds;
  for (const auto& stream : info.value("streams", nlohmann::json::array())) {
    ++kinds[stream.value("codec_type", "")];
  }
  return kinds;
}

// Connects to record-audio-video-stream sending a 440 Hz tone when `audio`
// and a 320x240 pattern when `video`, for `seconds`, and returns the
// recording the DELETE answer describes.
nlohmann::json recordFor(const TestServer& server, bool audio, bool video,
                         std::chrono::milliseconds seconds) {
  auto client = server.clientFor("record-audio-video-stream");
  common::ToneSender tone(std::make_shared<common::FramePacer>(10ms), 1, 440);
  common::PatternSender pattern(std::make_shared<common::FramePacer>(33ms), 320, 240);
  auto connection = client.connect([&](rtc::PeerConnection& pc) {
    if (audio) client::transceiverOf(pc, rtc::MediaKind::Audio)->send(tone.source());
    if (video) client::transceiverOf(pc, rtc::MediaKind::Video)->send(pattern.source());
  });
  std::this_thread::sleep_for(seconds);
  nlohmann::json closed = connection->close();
  EXPECT_TRUE(closed.is_object() && closed.contains("recording")) << closed.dump();
  return closed.value("recording", nlohmann::json::object());
}

// A peer with a microphone and no camera (or the reverse) gets a file with
// what it sent, which plays, and a url that serves it.
TEST(RecordingTest, APeerSendingOneKindGetsAFileWithThatKind) {
  for (const bool video : {false, true}) {
    SCOPED_TRACE(video ? "video only" : "audio only");
    TestServer server;
    nlohmann::json recording = recordFor(server, !video, video, 3s);
    ASSERT_FALSE(recording.contains("error")) << recording.dump();
    EXPECT_EQ(recording["audio"], !video) << recording.dump();
    EXPECT_EQ(recording["video"], video) << recording.dump();
    EXPECT_NEAR(recording["seconds"].get<double>(), 3.0, 0.5) << recording.dump();

    auto files = webmFiles(server.recordDir());
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(recording["file"], files[0].filename().string());
    nlohmann::json info = probe(files[0]);
    auto kinds = streamKinds(info);
    EXPECT_EQ(kinds["audio"], video ? 0 : 1) << info.dump();
    EXPECT_EQ(kinds["video"], video ? 1 : 0) << info.dump();
    ASSERT_TRUE(info.contains("format")) << info.dump();
    EXPECT_NEAR(std::stod(info["format"]["duration"].get<std::string>()), 3.0, 0.5) << info.dump();
    auto download = server.http().Get(recording["url"].get<std::string>());
    ASSERT_TRUE(download);
    EXPECT_EQ(download->status, 200);
    EXPECT_EQ(download->body.size(), std::filesystem::file_size(files[0]));
  }
}

// An answer with no file carries no url (it would answer 404), only why.
TEST(RecordingTest, NothingArrivedMeansAnErrorAndNoUrl) {
  TestServer server;
  nlohmann::json recording = recordFor(server, false, false, 1500ms);
  ASSERT_TRUE(recording.contains("error")) << recording.dump();
  EXPECT_NE(recording["error"].get<std::string>().find("nothing was recorded"), std::string::npos)
      << recording.dump();
  EXPECT_FALSE(recording.contains("url")) << recording.dump();
  EXPECT_FALSE(recording.contains("file")) << recording.dump();
  EXPECT_TRUE(webmFiles(server.recordDir()).empty());
}

TEST(RecordingTest, ThreeSecondsBecomeOnePlayableFileWithVideoAndAudio) {
  TestServer server;
  auto client = server.clientFor("record-audio-video-stream");
  ASSERT_EQ(runNativeClient(examples::record_audio_video_stream::nativeClient(), client,
                            {"--seconds", "3"}),
            0);
  auto files = webmFiles(server.recordDir());
  ASSERT_EQ(files.size(), 1u);

  nlohmann::json info = probe(files[0]);
  int video = 0;
  int audio = 0;
  double videoStart = -1;
  double audioStart = -1;
  for (const auto& stream : info["streams"]) {
    const double start = std::stod(stream.value("start_time", std::string("-1")));
    if (stream["codec_type"] == "video") {
      ++video;
      videoStart = start;
      // One size for the whole file: the first picture's, though the
      // client changed from 320x240 to 640x480 halfway.
      EXPECT_EQ(stream["width"], 320);
      EXPECT_EQ(stream["height"], 240);
    }
    if (stream["codec_type"] == "audio") {
      ++audio;
      audioStart = start;
    }
  }
  EXPECT_EQ(video, 1) << info.dump();
  EXPECT_EQ(audio, 1) << info.dump();
  // In sync: both start together (within two video frames).
  EXPECT_NEAR(audioStart, videoStart, 0.07) << info.dump();
  const double duration = std::stod(info["format"]["duration"].get<std::string>());
  EXPECT_NEAR(duration, 3.0, 0.5) << info.dump();

  // Listed, and served as WebM.
  auto list =
      nlohmann::json::parse(server.http().Get("/record-audio-video-stream/recordings")->body);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["file"], files[0].filename().string());
  auto download = server.http().Get(list[0]["url"].get<std::string>());
  ASSERT_TRUE(download);
  EXPECT_EQ(download->status, 200);
  EXPECT_EQ(download->get_header_value("Content-Type"), "video/webm");
  EXPECT_EQ(download->body.size(), std::filesystem::file_size(files[0]));
}

// A client that vanished leaves a peer whose audio playout goes on with
// made-up samples until the timers close it: none of it may be recorded.
TEST(RecordingTest, MediaWhileNotReceivingIsNotRecorded) {
  using examples::record_audio_video_stream::Recorder;
  TestServer server;  // only for its fresh record directory
  Recorder recorder(server.recordDir() / "paused.webm");
  rtc::I420Picture picture(64, 48);
  std::vector<int16_t> samples(480, 1000);
  const rtc::AudioFrame tenMs{48000, 1, 480, samples};
  recorder.video(picture.view());
  for (int i = 0; i < 50; ++i) recorder.audio(tenMs);  // 0.5 s
  recorder.setReceiving(false);
  for (int i = 0; i < 200; ++i) recorder.audio(tenMs);  // 2 s the peer never sent
  recorder.video(picture.view());
  recorder.setReceiving(true);
  for (int i = 0; i < 50; ++i) recorder.audio(tenMs);  // 0.5 s more
  Recorder::Result result = recorder.finish();
  ASSERT_FALSE(result.error) << *result.error;
  EXPECT_NEAR(result.seconds, 1.0, 0.1);
}

TEST(RecordingTest, AServerShutdownFinishesTheFile) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("wx-shutdown-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  {
    TestServer server(TestServer::loopbackOptions(), dir);
    PatternRecording recording(server);
    std::this_thread::sleep_for(2s);
    // The server goes first, with the connection still open.
  }
  auto files = webmFiles(dir);
  ASSERT_EQ(files.size(), 1u);
  nlohmann::json info = probe(files[0]);
  ASSERT_TRUE(info.contains("format")) << info.dump();
  EXPECT_NEAR(std::stod(info["format"]["duration"].get<std::string>()), 2.0, 0.5) << info.dump();
  std::filesystem::remove_all(dir);
}

TEST(RecordingTest, OnlyPlainNamesInsideTheDirectoryAreServed) {
  TestServer server;
  // A file next to the record directory that traversal would reach.
  const auto outside = server.recordDir().parent_path() / "wx-outside.webm";
  { std::ofstream(outside) << "secret"; }
  for (const char* path : {"..%2Fwx-outside.webm", "%2e%2e%2fwx-outside.webm", ".hidden",
                           "a%2Fb.webm", "..", "%2Fetc%2Fpasswd", "nope.webm"}) {
    auto answer = server.http().Get(std::string("/record-audio-video-stream/recordings/") + path);
    ASSERT_TRUE(answer) << path;
    EXPECT_TRUE(answer->status == 400 || answer->status == 404) << path << " " << answer->status;
    EXPECT_EQ(answer->body.find("secret"), std::string::npos) << path;
  }
  std::filesystem::remove(outside);
}

TEST(RecordingTest, AnUnwritableDirectoryIsReportedNotACrash) {
  // A directory that cannot exist: /proc does not take new entries.
  rest::ExamplesServerOptions options = TestServer::loopbackOptions();
  TestServer server(options, "/proc/wx-not-writable");
  PatternRecording recording(server);
  std::this_thread::sleep_for(1500ms);
  nlohmann::json closed = recording.connection->close();
  ASSERT_TRUE(closed.is_object());
  ASSERT_TRUE(closed.contains("recording")) << closed.dump();
  ASSERT_TRUE(closed["recording"].contains("error")) << closed.dump();
  EXPECT_NE(closed["recording"]["error"].get<std::string>().find("cannot write"), std::string::npos)
      << closed.dump();
  EXPECT_FALSE(closed["recording"].contains("url")) << closed.dump();
  // The server still serves.
  EXPECT_EQ(server.http().Get("/record-audio-video-stream/recordings")->status, 200);
}

}  // namespace
}  // namespace wx::testing
