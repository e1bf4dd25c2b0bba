// The WebAssembly activations' four-lane functions against the scalar functions they stand in for,
// bit for bit: exp4 (engine/expf4.hpp) against the libc expf that the scalar sigmoid calls, and tanh4
// (engine/tanhf4.hpp) against the float tanh Eigen computes one value at a time (its fast rational
// tanh). Only WebAssembly float32 builds use them, and only there is exactness promised (natively
// glibc's expf and Eigen's AVX tanh may fuse multiply-adds), so this file tests nothing natively;
// tests/gemm_check.sh compiles it to WebAssembly with the shipped module's flags and runs it in Node
// (./build.sh test gemm). A one-off script checked 613 million inputs (every 7th float bit pattern);
// here about 4.2 million spread over every sign and exponent, and the edge cases.
#include <doctest/doctest.h>

#if defined(__wasm_simd128__) && !defined(BNLAB_DOUBLE)

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "expf4.hpp"
#include "tanhf4.hpp"

namespace {

using bnlab::simd::f32x4;

float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
std::uint32_t to_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// The same float, or both NaN (WebAssembly does not fix a NaN's payload).
bool same(float a, float b) { return std::isnan(a) ? std::isnan(b) : to_bits(a) == to_bits(b); }

// Every 1021st bit pattern (a prime stride: each exponent and sign, varied mantissas) and the edge cases:
// ±0, the denormals' ends, the smallest normal, ±inf, NaNs, expf's thresholds (|x| ≥ 88 takes its slow
// path; overflow above 0x1.62e42ep6, results denormal below −0x1.5d589ep6 and zero below −0x1.9fe368p6),
// tanh's clamp ±7.90531110763549805 and its tiny-input cut 0.0004, with their neighbours.
std::vector<float> inputs() {
  std::vector<float> xs;
  for (std::uint64_t u = 0; u < (1ull << 32); u += 1021) xs.push_back(from_bits(static_cast<std::uint32_t>(u)));
  const float edges[] = {0.0f, 1.0f, 88.0f, 0x1.62e42ep6f, 0x1.62e430p6f, -0x1.5d589ep6f, -87.0f, -0x1.9fe368p6f,
                         -104.0f, 7.90531110763549805f, 7.99881172180175781f, 0.0004f, 0.5493f, 10.0f,
                         std::numeric_limits<float>::denorm_min(), 0x1.fffffcp-127f,
                         std::numeric_limits<float>::min(), std::numeric_limits<float>::max(),
                         std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(),
                         from_bits(0x7f800001u), from_bits(0x7fffffffu)};
  for (float e : edges) {
    for (float s : {e, -e}) {
      xs.push_back(s);
      xs.push_back(std::nextafter(s, std::numeric_limits<float>::infinity()));
      xs.push_back(std::nextafter(s, -std::numeric_limits<float>::infinity()));
    }
  }
  while (xs.size() % 4 != 0) xs.push_back(0.0f);
  return xs;
}

// How many of xs the four-lane f gives differently from the scalar g (the first few are reported).
template <class F, class G>
int differences(const char* name, const std::vector<float>& xs, F f, G g) {
  int bad = 0;
  for (size_t i = 0; i < xs.size(); i += 4) {
    f32x4 v;
    std::memcpy(&v, &xs[i], sizeof v);
    const f32x4 y = f(v);
    for (int k = 0; k < 4; ++k) {
      const float want = g(xs[i + k]);
      if (!same(y[k], want) && ++bad <= 5)
        MESSAGE(name << "(" << xs[i + k] << " = bits " << to_bits(xs[i + k]) << ") = " << y[k] << ", scalar "
                     << want);
    }
  }
  return bad;
}

const std::vector<float>& sample() {
  static const std::vector<float> xs = inputs();
  return xs;
}

}  // namespace

TEST_CASE("the four-lane exp gives libc's expf bit for bit on 4.2 million inputs and the edge cases") {
  REQUIRE(sample().size() > 4'000'000);
  CHECK(differences("exp4", sample(), [](f32x4 v) { return bnlab::simd::exp4(v); },
                    [](float x) { return std::exp(x); }) == 0);
}

TEST_CASE("the four-lane tanh gives Eigen's scalar float tanh bit for bit on 4.2 million inputs and the edge cases") {
  CHECK(differences("tanh4", sample(), [](f32x4 v) { return bnlab::simd::tanh4(v); },
                    [](float x) { return Eigen::numext::tanh(x); }) == 0);
  // The engine's tanh layer without tanh4 is Eigen's array expression: the same bits again.
  const std::vector<float>& xs = sample();
  const Eigen::ArrayXf y = Eigen::Map<const Eigen::ArrayXf>(xs.data(), static_cast<Eigen::Index>(xs.size())).tanh();
  int bad = 0;
  for (size_t i = 0; i < xs.size(); i += 4) {
    f32x4 v;
    std::memcpy(&v, &xs[i], sizeof v);
    const f32x4 t = bnlab::simd::tanh4(v);
    for (int k = 0; k < 4; ++k) bad += !same(t[k], y[static_cast<Eigen::Index>(i) + k]);
  }
  CHECK(bad == 0);
}

#endif
