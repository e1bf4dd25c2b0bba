// The toy 2-D shapes: how each point is drawn, and the rule that labels it.
//
// The TensorFlow-Playground family (circles, xor, two Gaussians, spiral) plus
// moons and a regression surface. Every input x is a point (x1, x2) lying
// roughly in [-1, 1] x [-1, 1]; the heatmap covers [-1.5, 1.5]^2 so jittered
// points stay on screen. dataset.hpp turns these points into a data set (the
// split and the covariate shift).
#pragma once

#include <array>

#include "names.hpp"
#include "rng.hpp"

namespace bnlab {

enum class DatasetKind { Circles, Xor, Gaussians, Spiral, Moons, Regression };

// Names as the facade, the URL and messages write them.
constexpr std::array<Named<DatasetKind>, 6> kDatasetNames{{{DatasetKind::Circles, "circles"},
                                                          {DatasetKind::Xor, "xor"},
                                                          {DatasetKind::Gaussians, "gaussians"},
                                                          {DatasetKind::Spiral, "spiral"},
                                                          {DatasetKind::Moons, "moons"},
                                                          {DatasetKind::Regression, "regression"}}};
constexpr const auto& enum_names(DatasetKind) { return kDatasetNames; }

// Draws one example of class `label` (ignored for regression) into (x1, x2, y):
// the shape's point plus Gaussian jitter of std noise · (the shape's scale),
// or, for regression, a uniform point and y = f(x) + 0.2·noise·N(0, 1).
// The jitter is drawn even when noise = 0, so moving the noise slider jitters
// the same underlying points instead of drawing new ones.
void draw_point(DatasetKind kind, int label, double noise, Rng& rng, double& x1, double& x2, double& y);

// Ground-truth labelling rule of a classification set at any point: the
// noise-free rule each set is drawn from (ties go to class 1).
//   circles:   1 inside radius 0.6 (between the disc r <= 0.5 and the ring r >= 0.7)
//   xor:       1 when x1 * x2 >= 0 (same-sign quadrants)
//   gaussians: 1 when nearer the centre (0.5, 0.5) than (-0.5, -0.5)
//   spiral, moons: the class of the nearest point on the noise-free curves
// Throws std::invalid_argument for DatasetKind::Regression (use regression_target).
int dataset_label_at(DatasetKind kind, double x1, double x2);

// The regression surface f(x1, x2) = sin(pi x1) sin(pi x2), in [-1, 1].
double regression_target(double x1, double x2);

// Noise-free y at any point for every kind: the class label as 0.0 / 1.0, or f(x1, x2).
double dataset_target_at(DatasetKind kind, double x1, double x2);

}  // namespace bnlab
