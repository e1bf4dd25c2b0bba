// Shared by the noisy-BN tests (test_bn_noise.cpp, test_bn_noise_layers.cpp).
#pragma once

#include "types.hpp"

namespace bnlab::test {

// (1, m) binary targets 0, 1, 0, 1, … for a sigmoid head.
inline Matrix alternating_targets(int m) {
  Matrix t(1, m);
  for (int i = 0; i < m; ++i) t(0, i) = static_cast<Scalar>(i % 2);
  return t;
}

}  // namespace bnlab::test
