// The engine's own seeded random generator.
//
// Everything random in the engine (weight init, datasets, mini-batch order)
// comes from here, never from <random>'s distributions: std::normal_distribution
// differs between standard libraries, and the native and WebAssembly builds must
// draw the same numbers for the same seed.
//
// Generator: PCG32 (XSH-RR output on a 64-bit LCG state, O'Neill 2014).
// Normals: Box–Muller in double precision.
#pragma once

#include <cstdint>
#include <vector>

namespace bnlab {

class Rng {
 public:
  explicit Rng(uint64_t seed, uint64_t stream = 0x5851f42d4c957f2dULL);

  uint32_t next_u32();
  // Uniform double in [0, 1) with 53 random bits.
  double uniform();
  // Uniform double in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal N(0, 1).
  double normal();
  // Unbiased integer in [0, n), n > 0 (Lemire's rejection on 32 bits).
  uint32_t below(uint32_t n);
  // Fisher–Yates shuffle in place.
  void shuffle(std::vector<int>& values);

 private:
  uint64_t state_ = 0;
  uint64_t increment_ = 0;
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

// Derives an independent seed for a named purpose ("init", "data", "batches")
// from the user's seed, so that changing one stream never shifts another.
uint64_t derive_seed(uint64_t seed, uint64_t purpose);

}  // namespace bnlab
