#include "toy_shapes.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace bnlab {

namespace {

constexpr double kPi = 3.141592653589793238462643383279502884;

// ---- Shapes -----------------------------------------------------------------
// The jitter is Gaussian, std = noise * scale, added to both coordinates. Each
// scale is chosen so that noise = 1 makes the classes overlap heavily while the
// shape is still visible; the default noise 0.1 gives clean-looking sets.

// circles: class 1 is a disc r in [0, 0.5], class 0 a ring r in [0.7, 1];
// the noise-free rule puts the boundary in the middle of the gap, at r = 0.6.
constexpr double kDiscRadius = 0.5;
constexpr double kRingInner = 0.7;
constexpr double kRingOuter = 1.0;
constexpr double kCircleBoundary = 0.6;
constexpr double kCircleJitter = 0.2;

// xor: |x1|, |x2| in [0.1, 1] keeps a margin of 0.1 around the axes.
constexpr double kXorMargin = 0.1;
constexpr double kXorJitter = 0.2;

// gaussians: blobs at +-(0.5, 0.5). A Gaussian blob needs a width even when
// noise = 0, so noise widens the blob instead: std = 0.1 + 0.4 * noise. At
// noise = 0 the midline x1 + x2 = 0 is 7 standard deviations from each centre.
constexpr double kBlobCentre = 0.5;
constexpr double kBlobMinStd = 0.1;
constexpr double kBlobNoiseStd = 0.4;

// spiral: arm(s) = s * (sin(w s + delta), cos(w s + delta)) for s in [0, 1],
// with w = 3.5 pi (1.75 turns, as in the Playground). Class 1 has delta = 0,
// class 0 delta = pi, so the arms interleave about 0.29 apart.
constexpr double kSpiralTurnRate = 3.5 * kPi;
constexpr double kSpiralJitter = 0.1;

// moons: the classic pair, upper (cos t, sin t) and lower (1 - cos t, 0.5 - sin t)
// for t in [0, pi], recentred by (-0.5, -0.25) and scaled by 2/3 into [-1, 1].
// In the scaled frame each moon is a half circle of radius 2/3 around its centre.
constexpr double kMoonScale = 2.0 / 3.0;
constexpr double kMoonShiftX = 0.5;
constexpr double kMoonShiftY = 0.25;
constexpr double kMoonRadius = kMoonScale;
constexpr double kUpperMoonCx = (0.0 - kMoonShiftX) * kMoonScale;
constexpr double kUpperMoonCy = (0.0 - kMoonShiftY) * kMoonScale;
constexpr double kLowerMoonCx = (1.0 - kMoonShiftX) * kMoonScale;
constexpr double kLowerMoonCy = (0.5 - kMoonShiftY) * kMoonScale;
constexpr double kMoonJitter = 0.2;

// regression: x uniform in [-1, 1]^2, y = f(x) + noise * 0.2 * N(0, 1).
constexpr double kRegressionJitter = 0.2;

// Squared distance from p = (x1, x2) to the spiral arm at parameter s.
double spiral_distance2(double s, double delta, double x1, double x2) {
  const double t = kSpiralTurnRate * s + delta;
  const double dx = s * std::sin(t) - x1;
  const double dy = s * std::cos(t) - x2;
  return dx * dx + dy * dy;
}

// Distance from p to the nearest point of one spiral arm: a coarse scan over s,
// then golden-section refinement between the neighbours of the best sample.
double distance_to_spiral_arm(double delta, double x1, double x2) {
  constexpr int kSamples = 256;
  int best = 0;
  double best_d2 = spiral_distance2(0.0, delta, x1, x2);
  for (int i = 1; i <= kSamples; ++i) {
    const double d2 = spiral_distance2(static_cast<double>(i) / kSamples, delta, x1, x2);
    if (d2 < best_d2) {
      best_d2 = d2;
      best = i;
    }
  }
  double lo = static_cast<double>(std::max(best - 1, 0)) / kSamples;
  double hi = static_cast<double>(std::min(best + 1, kSamples)) / kSamples;
  const double inv_phi = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int iter = 0; iter < 40; ++iter) {
    const double a = hi - inv_phi * (hi - lo);
    const double b = lo + inv_phi * (hi - lo);
    if (spiral_distance2(a, delta, x1, x2) < spiral_distance2(b, delta, x1, x2)) {
      hi = b;
    } else {
      lo = a;
    }
  }
  best_d2 = std::min(best_d2, spiral_distance2(0.5 * (lo + hi), delta, x1, x2));
  return std::sqrt(best_d2);
}

// Distance from p to a half circle of radius kMoonRadius around (cx, cy): the
// upper half (y >= cy) or the lower half. Off the half's side, the nearest point
// is one of the two end points (cx +- r, cy).
double distance_to_moon(double cx, double cy, bool upper, double x1, double x2) {
  const double vx = x1 - cx;
  const double vy = x2 - cy;
  if (upper ? vy >= 0.0 : vy <= 0.0) return std::abs(std::hypot(vx, vy) - kMoonRadius);
  return std::min(std::hypot(vx - kMoonRadius, vy), std::hypot(vx + kMoonRadius, vy));
}

}  // namespace

// Draws one example of class `label` (ignored for regression) into (x1, x2, y).
// Every random draw is its own statement: the order of draws is part of the
// dataset's definition, and C++ leaves the order inside one expression unspecified.
void draw_point(DatasetKind kind, int label, double noise, Rng& rng, double& x1, double& x2, double& y) {
  double jitter = 0.0;
  y = label;
  switch (kind) {
    case DatasetKind::Circles: {
      const double angle = rng.uniform(0.0, 2.0 * kPi);
      const double r = label == 1 ? rng.uniform(0.0, kDiscRadius) : rng.uniform(kRingInner, kRingOuter);
      x1 = r * std::sin(angle);
      x2 = r * std::cos(angle);
      jitter = kCircleJitter * noise;
      break;
    }
    case DatasetKind::Xor: {
      // Class 1 lives in the same-sign quadrants (x1 x2 > 0), class 0 in the others.
      const double sign1 = rng.uniform() < 0.5 ? -1.0 : 1.0;
      const double sign2 = label == 1 ? sign1 : -sign1;
      const double magnitude1 = rng.uniform(kXorMargin, 1.0);
      const double magnitude2 = rng.uniform(kXorMargin, 1.0);
      x1 = sign1 * magnitude1;
      x2 = sign2 * magnitude2;
      jitter = kXorJitter * noise;
      break;
    }
    case DatasetKind::Gaussians: {
      const double centre = label == 1 ? kBlobCentre : -kBlobCentre;
      x1 = centre;
      x2 = centre;
      jitter = kBlobMinStd + kBlobNoiseStd * noise;
      break;
    }
    case DatasetKind::Spiral: {
      const double s = rng.uniform();
      const double t = kSpiralTurnRate * s + (label == 1 ? 0.0 : kPi);
      x1 = s * std::sin(t);
      x2 = s * std::cos(t);
      jitter = kSpiralJitter * noise;
      break;
    }
    case DatasetKind::Moons: {
      const double t = rng.uniform(0.0, kPi);
      const double raw1 = label == 1 ? 1.0 - std::cos(t) : std::cos(t);
      const double raw2 = label == 1 ? 0.5 - std::sin(t) : std::sin(t);
      x1 = (raw1 - kMoonShiftX) * kMoonScale;
      x2 = (raw2 - kMoonShiftY) * kMoonScale;
      jitter = kMoonJitter * noise;
      break;
    }
    case DatasetKind::Regression: {
      // The noise goes on the target, not on the (already uniform) inputs.
      x1 = rng.uniform(-1.0, 1.0);
      x2 = rng.uniform(-1.0, 1.0);
      const double e = rng.normal();
      y = regression_target(x1, x2) + kRegressionJitter * noise * e;
      return;
    }
  }
  // Drawn even when jitter = 0, so the noise level never changes which points are drawn.
  const double e1 = rng.normal();
  const double e2 = rng.normal();
  x1 += jitter * e1;
  x2 += jitter * e2;
}

// ---- Ground truth -----------------------------------------------------------

double regression_target(double x1, double x2) { return std::sin(kPi * x1) * std::sin(kPi * x2); }

int dataset_label_at(DatasetKind kind, double x1, double x2) {
  switch (kind) {
    case DatasetKind::Circles:
      return x1 * x1 + x2 * x2 <= kCircleBoundary * kCircleBoundary ? 1 : 0;
    case DatasetKind::Xor:
      return x1 * x2 >= 0.0 ? 1 : 0;
    case DatasetKind::Gaussians:
      // Nearer (0.5, 0.5) than (-0.5, -0.5) <=> on the positive side of the midline x1 + x2 = 0.
      return x1 + x2 >= 0.0 ? 1 : 0;
    case DatasetKind::Spiral:
      return distance_to_spiral_arm(0.0, x1, x2) <= distance_to_spiral_arm(kPi, x1, x2) ? 1 : 0;
    case DatasetKind::Moons:
      return distance_to_moon(kLowerMoonCx, kLowerMoonCy, false, x1, x2) <=
                     distance_to_moon(kUpperMoonCx, kUpperMoonCy, true, x1, x2)
                 ? 1
                 : 0;
    case DatasetKind::Regression:
      break;
  }
  throw std::invalid_argument(std::string("dataset_label_at needs a classification dataset, got ") +
                              name_of(kind));
}

double dataset_target_at(DatasetKind kind, double x1, double x2) {
  return kind == DatasetKind::Regression ? regression_target(x1, x2) : dataset_label_at(kind, x1, x2);
}

}  // namespace bnlab
