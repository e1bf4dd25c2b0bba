// tanh on four floats, bit for bit what Eigen's scalar float tanh gives in WebAssembly; the float32
// engine's tanh activation in every build (native ones included, so they give the same bits).
//
// With EIGEN_FAST_MATH (Eigen's default) Eigen's float tanh is not libc's tanhf but its rational
// approximation generic_fast_tanh_float (Eigen/src/Core/MathFunctionsImpl.h: clamp to ±c, an odd
// polynomial of degree 13 over an even one of degree 6, and x itself for |x| < 0.0004). In
// WebAssembly Eigen has no SIMD code, so it runs one value at a time. Here a lane does exactly the
// scalar version's float operations in its order: min/max in std::min/std::max's form
// ((b < a) ? b : a, so NaN passes through), a·b + c unfused (WebAssembly has no fused multiply-add,
// and the native build passes -ffp-contract=off), one division.
// Checked against Eigen's scalar tanh in WebAssembly on 613 million inputs (every 7th float bit pattern,
// a one-off script) and on 4.2 million sampled inputs by
// tests/test_vector_math.cpp (WebAssembly, ./build.sh test gemm).
#pragma once

#include <cstdint>
#include <cstring>

#include "simd.hpp"

namespace bnlab::simd {

// a where mask is set (all ones), else b.
inline f32x4 select(i32x4 mask, f32x4 a, f32x4 b) {
  i32x4 ai, bi;
  std::memcpy(&ai, &a, sizeof ai);
  std::memcpy(&bi, &b, sizeof bi);
  const i32x4 r = (ai & mask) | (bi & ~mask);
  f32x4 out;
  std::memcpy(&out, &r, sizeof out);
  return out;
}

inline f32x4 abs4(f32x4 a) {
  u32x4 bits;
  std::memcpy(&bits, &a, sizeof bits);
  bits &= 0x7fffffffu;
  std::memcpy(&a, &bits, sizeof a);
  return a;
}

inline f32x4 tanh4(f32x4 a) {
  // Eigen's clamp for unfused arithmetic: where tanh rounds to ±1 in float. (Eigen's FMA packets
  // keep a wider range, 7.99881172180175781; these lanes never fuse, so they take this one.)
  const f32x4 clamp = splat(7.90531110763549805f);
  f32x4 x = select(clamp < a, clamp, a);     // min(a, c)
  x = select(x < -clamp, -clamp, x);         // max(·, −c)
  const i32x4 tiny = abs4(a) < splat(0.0004f);  // tanh x = x to float precision
  // p(x) = x·(α1 + α3 x² + … + α13 x¹²), q(x) = β0 + β2 x² + β4 x⁴ + β6 x⁶ (Horner, Eigen's order)
  const f32x4 x2 = x * x;
  f32x4 p = x2 * splat(-2.76076847742355e-16f) + splat(2.00018790482477e-13f);
  p = x2 * p + splat(-8.60467152213735e-11f);
  p = x2 * p + splat(5.12229709037114e-08f);
  p = x2 * p + splat(1.48572235717979e-05f);
  p = x2 * p + splat(6.37261928875436e-04f);
  p = x2 * p + splat(4.89352455891786e-03f);
  p = x * p;
  f32x4 q = x2 * splat(1.19825839466702e-06f) + splat(1.18534705686654e-04f);
  q = x2 * q + splat(2.26843463243900e-03f);
  q = x2 * q + splat(4.89352518554385e-03f);
  return select(tiny, x, p / q);
}

}  // namespace bnlab::simd
