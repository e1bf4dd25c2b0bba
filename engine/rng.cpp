#include "rng.hpp"

#include <cmath>

namespace bnlab {

namespace {
constexpr uint64_t kPcgMultiplier = 6364136223846793005ULL;
constexpr double kTwoPi = 6.283185307179586476925286766559;

// SplitMix64 finalizer: a bijective scrambler used to spread user seeds.
uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

Rng::Rng(uint64_t seed, uint64_t stream) {
  // The standard PCG seeding sequence: the increment must be odd.
  increment_ = (stream << 1u) | 1u;
  state_ = 0;
  next_u32();
  state_ += splitmix64(seed);
  next_u32();
}

uint32_t Rng::next_u32() {
  const uint64_t old = state_;
  state_ = old * kPcgMultiplier + increment_;
  const auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
  const auto rot = static_cast<uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

double Rng::uniform() {
  const uint64_t hi = next_u32() >> 5;  // 27 bits
  const uint64_t lo = next_u32() >> 6;  // 26 bits
  return static_cast<double>((hi << 26) | lo) * (1.0 / 9007199254740992.0);  // / 2^53
}

double Rng::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  // Box–Muller: two uniforms give two independent normals. 1 - u keeps the
  // argument of log in (0, 1].
  const double u1 = 1.0 - uniform();
  const double u2 = uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = kTwoPi * u2;
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return radius * std::cos(angle);
}

uint32_t Rng::below(uint32_t n) {
  // Lemire's nearly-divisionless method: multiply, reject the biased low range.
  uint64_t m = static_cast<uint64_t>(next_u32()) * n;
  auto low = static_cast<uint32_t>(m);
  if (low < n) {
    const uint32_t threshold = (0u - n) % n;
    while (low < threshold) {
      m = static_cast<uint64_t>(next_u32()) * n;
      low = static_cast<uint32_t>(m);
    }
  }
  return static_cast<uint32_t>(m >> 32);
}

void Rng::shuffle(std::vector<int>& values) {
  for (size_t i = values.size(); i > 1; --i) {
    const uint32_t j = below(static_cast<uint32_t>(i));
    std::swap(values[i - 1], values[j]);
  }
}

uint64_t derive_seed(uint64_t seed, uint64_t purpose) {
  return splitmix64(splitmix64(seed) ^ (purpose * 0xd1342543de82ef95ULL));
}

}  // namespace bnlab
