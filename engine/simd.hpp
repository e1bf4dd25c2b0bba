// Vectors for the engine's elementwise loops, one code path for every build: the shipped float32
// engine (native: SSE/AVX; WebAssembly: f32x4 with -msimd128) and the float64 one that the
// finite-difference gradient checks run (BNLAB_DOUBLE), through GCC/Clang vector extensions.
// Eigen vectorizes these loops natively but has no WebAssembly SIMD code, so in the browser its
// expressions run one value at a time.
//
// Generic over the Scalar: for_each4 hands its body four Scalars at a time (f32x4 for float,
// f64x4 for double), for_each2 two double accumulators at a time (f64x2), then the tail one value
// at a time; the body is written once, with the ld/st/bc/wide helpers below taking the tag.
//
// Exactness: every helper applies, to each value, the same IEEE operations in the same order as
// the scalar expression it replaces (a lane computes what the scalar loop computed for that
// element), so results are bit for bit those of the Eigen code they replaced, in either precision:
// nothing here reorders a sum across elements. The callers keep the order of their per-element
// operations, and sums over examples stay sequential per feature (a lane is a feature, not a
// partial sum). (Neither build fuses a·b + c: the native build passes -ffp-contract=off (CMakeLists.txt;
// GCC contracts by default in C++, even under -std=c++17), and WebAssembly has no fused multiply-add.)
#pragma once

#include <cstdint>
#include <cstring>

#include "types.hpp"

namespace bnlab::simd {

using f32x4 = float __attribute__((vector_size(16)));
using f32x2 = float __attribute__((vector_size(8)));
using f64x4 = double __attribute__((vector_size(32)));
using f64x2 = double __attribute__((vector_size(16)));
using u32x4 = std::uint32_t __attribute__((vector_size(16)));
using i32x4 = std::int32_t __attribute__((vector_size(16)));
using u64x2 = std::uint64_t __attribute__((vector_size(16)));
using u64x4 = std::uint64_t __attribute__((vector_size(32)));

// Unaligned loads and stores (memcpy compiles to one vector load or store).
template <class V, class T>
inline V load(const T* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V, class T>
inline void store(T* p, V v) {
  std::memcpy(p, &v, sizeof v);
}
inline f32x4 load4(const float* p) { return load<f32x4>(p); }
inline void store4(float* p, f32x4 v) { store(p, v); }
inline f32x4 splat(float x) { return f32x4{x, x, x, x}; }

// The tags: Vec4 for four Scalars, Vec2 for two double accumulators, One for a value alone.
struct Vec4 {};
struct Vec2 {};
struct One {};

// Four Scalars: f32x4 or f64x4.
inline f32x4 ld(Vec4, const float* p) { return load<f32x4>(p); }
inline f64x4 ld(Vec4, const double* p) { return load<f64x4>(p); }
inline void st(Vec4, float* p, f32x4 v) { store(p, v); }
inline void st(Vec4, double* p, f64x4 v) { store(p, v); }
inline f32x4 bc(Vec4, float x) { return splat(x); }
inline f64x4 bc(Vec4, double x) { return f64x4{x, x, x, x}; }

// Double accumulators, two at a time.
inline f64x2 ld(Vec2, const double* p) { return load<f64x2>(p); }
inline void st(Vec2, double* p, f64x2 v) { store(p, v); }
// Two Scalars widened to double (exact; a no-op for double).
inline f64x2 wide(Vec2, const float* p) { return __builtin_convertvector(load<f32x2>(p), f64x2); }
inline f64x2 wide(Vec2, const double* p) { return load<f64x2>(p); }
// The Scalar product a·b, widened to double after rounding to Scalar (as (a * b).cast<double>()).
inline f64x2 wide_product(Vec2, const float* a, const float* b) {
  return __builtin_convertvector(load<f32x2>(a) * load<f32x2>(b), f64x2);
}
inline f64x2 wide_product(Vec2, const double* a, const double* b) { return load<f64x2>(a) * load<f64x2>(b); }

// One value, any precision.
template <class T>
inline T ld(One, const T* p) { return *p; }
template <class T>
inline void st(One, T* p, T v) { *p = v; }
template <class T>
inline T bc(One, T x) { return x; }
template <class T>
inline double wide(One, const T* p) { return static_cast<double>(*p); }
template <class T>
inline double wide_product(One, const T* a, const T* b) { return static_cast<double>(*a * *b); }

// Applies f to every index of n values: f(i, Vec4{}) on blocks of 4 from i = 0, then f(i, One{})
// for the last n % 4.
template <class F>
inline void for_each4(Eigen::Index n, F&& f) {
  Eigen::Index i = 0;
  for (; i + 4 <= n; i += 4) f(i, Vec4{});
  for (; i < n; ++i) f(i, One{});
}

// The same over pairs (Vec2{}: double accumulators), then the last value alone.
template <class F>
inline void for_each2(Eigen::Index n, F&& f) {
  Eigen::Index i = 0;
  for (; i + 2 <= n; i += 2) f(i, Vec2{});
  for (; i < n; ++i) f(i, One{});
}

// Whether every value a loop shows it is finite, folded into the loop that writes the values (the
// optimizer's update) instead of a second pass over them (finite.hpp). A value is not finite (±inf,
// NaN) exactly when all its exponent bits are set; see() ORs that test into a mask, integer
// operations only (no dependency on a floating-point sum, no branch).
template <class T>
struct FloatBits;
template <>
struct FloatBits<float> {
  using Word = std::uint32_t;
  using Words4 = u32x4;
  static constexpr Word kExponent = 0x7f800000u;
};
template <>
struct FloatBits<double> {
  using Word = std::uint64_t;
  using Words4 = u64x4;
  static constexpr Word kExponent = 0x7ff0000000000000ull;
};

template <class T>
class FiniteCheck {
  using Word = typename FloatBits<T>::Word;
  using Words4 = typename FloatBits<T>::Words4;
  static constexpr Word kExponent = FloatBits<T>::kExponent;

 public:
  template <class V>
  void see(Vec4, V x) {
    Words4 bits;
    std::memcpy(&bits, &x, sizeof bits);
    lanes_ |= (Words4)((bits & kExponent) == kExponent);
  }
  void see(One, T x) {
    Word bits;
    std::memcpy(&bits, &x, sizeof bits);
    tail_ |= static_cast<Word>((bits & kExponent) == kExponent);
  }
  bool all_finite() const { return ((lanes_[0] | lanes_[1] | lanes_[2] | lanes_[3]) | tail_) == 0; }

 private:
  Words4 lanes_{};
  Word tail_ = 0;
};

}  // namespace bnlab::simd
