// e^x on four floats, bit for bit the expf of Emscripten's libc (musl's, from Arm's
// optimized-routines: 32-entry table of 2^(i/32) and a cubic polynomial, all in double).
// A lane computes exactly the scalar function's double operations in its order (WebAssembly has
// no fused multiply-add without relaxed SIMD, so neither side fuses), so every result is the same
// float; a vector with any lane outside |x| < 88 (or NaN) goes to std::exp lane by lane, as the
// scalar function takes a separate path there. The float32 σ uses it in every build, so native
// builds get musl's bits too (glibc's expf, which std::exp calls natively, may round a few results
// differently).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "simd.hpp"

namespace bnlab::simd {

namespace expf_table {
constexpr int kBits = 5;
constexpr int kN = 1 << kBits;
// Bits of 2^(i/32), each less i << 47 so that adding k << 47 (k = the rounded x·32/ln 2) sets the exponent.
constexpr std::uint64_t kTab[kN] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51, 0x3fef72b83c7d517b,
    0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1, 0x3fef06fe0a31b715, 0x3feef1a7373aa9cb,
    0x3feedea64c123422, 0x3feece086061892d, 0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429,
    0x3feea47eb03a5585, 0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d, 0x3feee89f995ad3ad,
    0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069, 0x3fef5818dcfba487, 0x3fef7c97337b9b5f,
    0x3fefa4afa2a490da, 0x3fefd0765b6e4540};
constexpr double kInvLn2N = 0x1.71547652b82fep+0 * kN;  // 32 / ln 2
constexpr double kShift = 0x1.8p+52;                     // adding it rounds to an integer
constexpr double kC0 = 0x1.c6af84b912394p-5 / kN / kN / kN;
constexpr double kC1 = 0x1.ebfce50fac4f3p-3 / kN / kN;
constexpr double kC2 = 0x1.62e42ff0c52d6p-1 / kN;
}  // namespace expf_table

// Two lanes, given in double (exact conversions of floats with |x| < 88).
inline f64x2 exp2_lanes(f64x2 xd) {
  using namespace expf_table;
  const f64x2 z = kInvLn2N * xd;
  f64x2 kd = z + kShift;
  u64x2 ki;
  std::memcpy(&ki, &kd, sizeof ki);
  kd -= kShift;
  const f64x2 r = z - kd;
  u64x2 t = u64x2{kTab[ki[0] % kN], kTab[ki[1] % kN]};
  t += ki << (52 - kBits);
  f64x2 s;
  std::memcpy(&s, &t, sizeof s);
  const f64x2 zz = kC0 * r + kC1;
  const f64x2 r2 = r * r;
  f64x2 y = kC2 * r + 1;
  y = zz * r2 + y;
  return y * s;
}

inline f32x4 exp4(f32x4 x) {
  u32x4 bits;
  std::memcpy(&bits, &x, sizeof bits);
  const u32x4 abstop = (bits >> 20) & 0x7ff;
  constexpr std::uint32_t kTop88 = 0x42b;  // the top 12 bits of 88.0f
  if ((abstop[0] >= kTop88) | (abstop[1] >= kTop88) | (abstop[2] >= kTop88) | (abstop[3] >= kTop88))
    return f32x4{std::exp(x[0]), std::exp(x[1]), std::exp(x[2]), std::exp(x[3])};
  const f64x2 lo = exp2_lanes(f64x2{x[0], x[1]});
  const f64x2 hi = exp2_lanes(f64x2{x[2], x[3]});
  return __builtin_convertvector(__builtin_shufflevector(lo, hi, 0, 1, 2, 3), f32x4);
}

}  // namespace bnlab::simd
