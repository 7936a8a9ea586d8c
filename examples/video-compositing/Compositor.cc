#include "video-compositing/Compositor.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wx::examples::video_compositing {
namespace {

constexpr const char* kText = "webrtc-examples";
constexpr double kTurnSeconds = 4;      // one full turn of the text
constexpr double kHueDegreesPerS = 90;  // the colour cycle
constexpr double kFadeSeconds = 1;      // the white background's fade-in

struct Rgb {
  double r, g, b;
};

// Full saturation and value; hue in degrees.
Rgb fromHue(double hue) {
  const double h = std::fmod(hue, 360.0) / 60;
  const double x = 1 - std::abs(std::fmod(h, 2.0) - 1);
  switch (static_cast<int>(h)) {
    case 0:
      return {1, x, 0};
    case 1:
      return {x, 1, 0};
    case 2:
      return {0, 1, x};
    case 3:
      return {0, x, 1};
    case 4:
      return {x, 0, 1};
    default:
      return {1, 0, x};
  }
}

}  // namespace

Compositor::Compositor()
    : surface_(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kWidth, kHeight)),
      cairo_(cairo_create(surface_)) {
  cairo_select_font_face(cairo_, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cairo_, 48);  // ~420 px wide: fits upright too
}

Compositor::~Compositor() {
  cairo_destroy(cairo_);
  cairo_surface_destroy(surface_);
}

const rtc::I420Picture& Compositor::draw(const rtc::VideoFrame* received, double seconds) {
  cairo_surface_flush(surface_);
  uint8_t* pixels = cairo_image_surface_get_data(surface_);
  const int stride = cairo_image_surface_get_stride(surface_);
  if (received) {
    rtc::scale(*received, scaled_);
    rtc::toArgb32(scaled_.view(), pixels, stride);
    cairo_surface_mark_dirty(surface_);
  } else {
    const double white = std::clamp(seconds / kFadeSeconds, 0.0, 1.0);
    cairo_set_source_rgb(cairo_, white, white, white);
    cairo_paint(cairo_);
  }

  cairo_save(cairo_);
  cairo_translate(cairo_, kWidth / 2.0, kHeight / 2.0);
  cairo_rotate(cairo_, 2 * std::numbers::pi * seconds / kTurnSeconds);
  cairo_text_extents_t extents;
  cairo_text_extents(cairo_, kText, &extents);
  cairo_move_to(cairo_, -extents.width / 2 - extents.x_bearing,
                -extents.height / 2 - extents.y_bearing);
  cairo_text_path(cairo_, kText);
  const Rgb colour = fromHue(seconds * kHueDegreesPerS);
  cairo_set_source_rgb(cairo_, colour.r, colour.g, colour.b);
  cairo_fill_preserve(cairo_);
  cairo_set_source_rgb(cairo_, 0, 0, 0);  // an outline keeps it readable on any picture
  cairo_set_line_width(cairo_, 2);
  cairo_stroke(cairo_);
  cairo_restore(cairo_);

  cairo_surface_flush(surface_);
  rtc::fromArgb32(pixels, stride, output_);
  return output_;
}

}  // namespace wx::examples::video_compositing
