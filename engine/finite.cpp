#include "finite.hpp"

#include <cstdint>
#include <cstring>

namespace bnlab {

namespace {

// Bits: the unsigned integer as wide as T; kExponent: the mask of T's exponent bits.
template <class T, class Bits, Bits kExponent>
bool exponents_not_all_set(const T* data, Eigen::Index n) {
  Bits bad = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    Bits bits;
    std::memcpy(&bits, data + i, sizeof bits);
    bad |= static_cast<Bits>((bits & kExponent) == kExponent);
  }
  return bad == 0;
}

}  // namespace

bool all_finite(const float* data, Eigen::Index n) {
  return exponents_not_all_set<float, uint32_t, 0x7f800000u>(data, n);
}

bool all_finite(const double* data, Eigen::Index n) {
  return exponents_not_all_set<double, uint64_t, 0x7ff0000000000000ull>(data, n);
}

}  // namespace bnlab
