// Four-lane float vectors for the engine's elementwise loops, one code path for the native
// and the WebAssembly builds (GCC/Clang vector extensions: SSE/AVX natively, f32x4 with
// -msimd128). Eigen vectorizes these loops natively but has no WebAssembly SIMD code, so in
// the browser its expressions run one value at a time.
//
// Exactness: every helper applies, to each value, the same IEEE operations in the same order as
// the scalar expression it replaces (a lane computes what the scalar loop computed for that
// element), so results are bit for bit those of the Eigen code: nothing here reorders a sum
// across elements. The callers keep the order of their per-element operations, and sums over
// examples stay sequential per feature (a lane is a feature, not a partial sum).
//
// The float64 build (BNLAB_DOUBLE, gradient checks) keeps Eigen: BNLAB_SIMD is 0 there, and the
// callers keep their Eigen expressions under #if BNLAB_SIMD … #else.
#pragma once

#include <cstdint>
#include <cstring>

#include "types.hpp"

namespace bnlab::simd {

#ifdef BNLAB_DOUBLE
#define BNLAB_SIMD 0
#else
#define BNLAB_SIMD 1

using f32x4 = float __attribute__((vector_size(16)));
using f32x2 = float __attribute__((vector_size(8)));
using f64x2 = double __attribute__((vector_size(16)));
using u32x4 = std::uint32_t __attribute__((vector_size(16)));
using u64x2 = std::uint64_t __attribute__((vector_size(16)));

// Unaligned loads and stores (memcpy compiles to one vector load or store).
inline f32x4 load4(const float* p) {
  f32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, f32x4 v) { std::memcpy(p, &v, sizeof v); }
inline f64x2 load2(const double* p) {
  f64x2 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store2(double* p, f64x2 v) { std::memcpy(p, &v, sizeof v); }
// Two floats widened to double (exact).
inline f64x2 widen2(const float* p) {
  f32x2 v;
  std::memcpy(&v, p, sizeof v);
  return __builtin_convertvector(v, f64x2);
}
inline f32x4 splat(float x) { return f32x4{x, x, x, x}; }

// Applies f to every index range of n values: f(i, vector tag) on blocks of 4 from i = 0, then
// f(i, scalar tag) for the last n % 4. The body is written once with load/store helpers that
// take the tag, so that the vector and scalar tails are the same expression.
struct Vec {};
struct One {};
inline f32x4 ld(Vec, const float* p) { return load4(p); }
inline float ld(One, const float* p) { return *p; }
inline void st(Vec, float* p, f32x4 v) { store4(p, v); }
inline void st(One, float* p, float v) { *p = v; }
inline f32x4 bc(Vec, float x) { return splat(x); }
inline float bc(One, float x) { return x; }

template <class F>
inline void for_each4(Eigen::Index n, F&& f) {
  Eigen::Index i = 0;
  for (; i + 4 <= n; i += 4) f(i, Vec{});
  for (; i < n; ++i) f(i, One{});
}

// Double accumulators: the same over pairs (f64x2), then the last value alone.
inline f64x2 ld(Vec, const double* p) { return load2(p); }
inline double ld(One, const double* p) { return *p; }
inline void st(Vec, double* p, f64x2 v) { store2(p, v); }
inline void st(One, double* p, double v) { *p = v; }
inline f64x2 wide(Vec, const float* p) { return widen2(p); }
inline double wide(One, const float* p) { return static_cast<double>(*p); }
// The float product a·b, widened to double after rounding to float (as (a * b).cast<double>()).
inline f64x2 wide_product(Vec, const float* a, const float* b) {
  f32x2 x, y;
  std::memcpy(&x, a, sizeof x);
  std::memcpy(&y, b, sizeof y);
  return __builtin_convertvector(x * y, f64x2);
}
inline double wide_product(One, const float* a, const float* b) { return static_cast<double>(*a * *b); }

template <class F>
inline void for_each2(Eigen::Index n, F&& f) {
  Eigen::Index i = 0;
  for (; i + 2 <= n; i += 2) f(i, Vec{});
  for (; i < n; ++i) f(i, One{});
}
#endif

}  // namespace bnlab::simd
