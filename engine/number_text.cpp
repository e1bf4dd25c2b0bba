// format_number (schema.hpp): a double as the fewest significant digits that read back as the
// same double, written as JavaScript writes numbers ("1e-5", "20000", "0.1"); fixed_text and
// hex_text (number_text.hpp): "%.1f" and "%08x". Computed exactly with integer arithmetic (small
// big integers for the shortest digits) instead of snprintf and strtod: those bring libc's
// printf and its long-double arithmetic into the WebAssembly module (about 16 kB) only to write
// numbers in error messages (README "Bundles"). tests/test_number_text.cpp checks them against
// snprintf and strtod over seeded doubles.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "number_text.hpp"
#include "schema.hpp"

namespace bnlab {
namespace {

// A non-negative integer of up to 2,400 bits (enough for 2^1077 · 10^343, the largest number
// below), little-endian 32-bit words. Only what the digit loop needs.
class Big {
 public:
  explicit Big(uint64_t v = 0) {
    words_[0] = static_cast<uint32_t>(v);
    words_[1] = static_cast<uint32_t>(v >> 32);
    size_ = words_[1] ? 2 : words_[0] ? 1 : 0;
  }

  void mul_small(uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < size_; ++i) {
      const uint64_t p = static_cast<uint64_t>(words_[i]) * m + carry;
      words_[i] = static_cast<uint32_t>(p);
      carry = p >> 32;
    }
    if (carry) words_[size_++] = static_cast<uint32_t>(carry);
  }

  void mul_pow10(int n) {
    for (; n >= 9; n -= 9) mul_small(1000000000u);
    static constexpr uint32_t kPow10[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    if (n > 0) mul_small(kPow10[n]);
  }

  void mul_pow2(int n) {
    const int whole = n / 32;
    const int bits = n % 32;
    if (size_ == 0) return;
    if (bits) {
      uint32_t carry = 0;
      for (int i = 0; i < size_; ++i) {
        const uint32_t w = words_[i];
        words_[i] = (w << bits) | carry;
        carry = w >> (32 - bits);
      }
      if (carry) words_[size_++] = carry;
    }
    if (whole) {
      std::memmove(words_ + whole, words_, sizeof(uint32_t) * size_);
      std::memset(words_, 0, sizeof(uint32_t) * whole);
      size_ += whole;
    }
  }

  /** this −= b; requires this ≥ b. */
  void sub(const Big& b) {
    int64_t borrow = 0;
    for (int i = 0; i < size_; ++i) {
      int64_t d = static_cast<int64_t>(words_[i]) - (i < b.size_ ? b.words_[i] : 0) - borrow;
      borrow = d < 0;
      words_[i] = static_cast<uint32_t>(d + (borrow << 32));
    }
    while (size_ > 0 && words_[size_ - 1] == 0) --size_;
  }

  /** −1, 0 or 1 as this <, =, > b. */
  int compare(const Big& b) const {
    if (size_ != b.size_) return size_ < b.size_ ? -1 : 1;
    for (int i = size_ - 1; i >= 0; --i)
      if (words_[i] != b.words_[i]) return words_[i] < b.words_[i] ? -1 : 1;
    return 0;
  }

 private:
  uint32_t words_[76] = {};
  int size_ = 0;
};

/** a − b (a ≥ b): the distance from a remainder up to the next multiple. */
Big difference(const Big& a, const Big& b) {
  Big d = a;
  d.sub(b);
  return d;
}

struct Decimal {
  char digits[18];  // significant digits, no trailing zeros
  int count;        // how many
  int exponent;     // of the first digit: value = 0.d₁d₂… · 10^(exponent + 1)
};

/**
 * The `precision`-digit decimal nearest to the finite, positive f·2^e (ties to an even last
 * digit, as printf rounds), and whether it reads back as that double: whether it lies inside
 * the interval of reals that round to it (ends included when f is even: round-half-even).
 */
bool nearest(uint64_t f, int e, bool lower_gap_is_half, int precision, int k, Decimal& out) {
  // v / 10^k = n / m, both scaled by 4 so that the half gaps below are whole numbers.
  Big n(f);
  Big m(4);
  n.mul_pow2(2 + (e > 0 ? e : 0));
  m.mul_pow2(e < 0 ? -e : 0);
  if (k < 0) n.mul_pow10(-k);
  else m.mul_pow10(k);
  // The distance from v up to the next double and down to the previous one, halved, in the units of
  // the last digit (10^(k − precision + 1)) times m: 2^max(e, 0) · 10^(max(k, 0) − k + precision − 1) · 2.
  Big high(2);
  high.mul_pow2(e > 0 ? e : 0);
  high.mul_pow10((k > 0 ? k : 0) - k + precision - 1);
  Big low = high;
  if (lower_gap_is_half) {
    low = Big(1);
    low.mul_pow2(e > 0 ? e : 0);
    low.mul_pow10((k > 0 ? k : 0) - k + precision - 1);
  }
  Big r = n;
  int digits[17];
  for (int i = 0; i < precision; ++i) {
    if (i > 0) r.mul_small(10);
    int d = 0;
    while (r.compare(m) >= 0) {
      r.sub(m);
      ++d;
    }
    digits[i] = d;
  }
  // Round: up when the remainder is over half of m, or exactly half and the last digit is odd.
  Big twice = r;
  twice.mul_small(2);
  const int half = twice.compare(m);
  const bool up = half > 0 || (half == 0 && digits[precision - 1] % 2 == 1);
  const bool even = f % 2 == 0;
  const Big distance = up ? difference(m, r) : r;
  const int c = distance.compare(up ? high : low);
  const bool reads_back = c < 0 || (c == 0 && even);
  out.exponent = k;
  if (up) {
    int i = precision - 1;
    while (i >= 0 && digits[i] == 9) digits[i--] = 0;
    if (i < 0) {  // 99…9 → 100…0
      digits[0] = 1;
      ++out.exponent;
    } else {
      ++digits[i];
    }
  }
  int count = precision;
  while (count > 1 && digits[count - 1] == 0) --count;
  for (int i = 0; i < count; ++i) out.digits[i] = static_cast<char>('0' + digits[i]);
  out.count = count;
  return reads_back;
}

/** The decimal exponent of the finite, positive f·2^e: 10^k ≤ v < 10^(k+1). */
int decimal_exponent(uint64_t f, int e, double v) {
  int k = static_cast<int>(std::floor(std::log10(v)));
  // log10 may be off by one next to a power of ten: settle it exactly.
  for (;;) {
    Big n(f);
    Big m(1);
    n.mul_pow2(e > 0 ? e : 0);
    m.mul_pow2(e < 0 ? -e : 0);
    if (k < 0) n.mul_pow10(-k);
    else m.mul_pow10(k);
    if (n.compare(m) < 0) {
      --k;
      continue;
    }
    m.mul_small(10);
    if (n.compare(m) >= 0) {
      ++k;
      continue;
    }
    return k;
  }
}

std::string whole_number(double value) {
  // Below 2^53 in magnitude: exact in a 64-bit integer.
  uint64_t u = static_cast<uint64_t>(std::fabs(value));
  char text[24];
  int i = sizeof text;
  text[--i] = '\0';
  do {
    text[--i] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (std::signbit(value)) text[--i] = '-';
  return text + i;
}

}  // namespace

std::string fixed_text(double value, int decimals) {
  if (!std::isfinite(value) || std::fabs(value) >= 1e12 || decimals < 0 || decimals > 6) return format_number(value);
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const int biased = static_cast<int>((bits >> 52) & 0x7ff);
  uint64_t f = bits & ((uint64_t{1} << 52) - 1);
  if (biased) f |= uint64_t{1} << 52;
  const int e = biased ? biased - 1075 : -1074;
  uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  // q = |value| · 10^decimals = f · scale · 2^e rounded to a whole number, ties to even; below 1e18 < 2^60
  // since |value| < 1e12 (so for e ≥ 0 the product is exact and small).
  uint64_t q;
  if (e >= 0) {
    q = (f << e) * scale;
  } else {
    // f · scale can pass 2^64 (f < 2^53, scale < 2^20): m = f · scale in 128 bits, from f's 32-bit halves.
    const int shift = -e;
    const uint64_t hi = (f >> 32) * scale;  // < 2^21 · 2^20
    const uint64_t lo = (f & 0xffffffffu) * scale;  // < 2^52
    // m = hi · 2^32 + lo; q = floor(m / 2^shift), rest = m mod 2^shift, compared with 2^(shift − 1).
    if (shift >= 96) {
      q = 0;  // m < 2^73 ≤ 2^(shift − 1): rounds to 0
    } else {
      const uint64_t m_lo = lo + (hi << 32);
      const uint64_t m_hi = (hi >> 32) + (m_lo < lo ? 1 : 0);
      uint64_t rest_hi;
      uint64_t rest_lo;
      if (shift >= 64) {
        q = m_hi >> (shift - 64);
        rest_hi = shift == 64 ? 0 : m_hi & ((uint64_t{1} << (shift - 64)) - 1);
        rest_lo = m_lo;
      } else {
        q = (m_lo >> shift) | (shift ? m_hi << (64 - shift) : 0);
        rest_hi = 0;
        rest_lo = m_lo & ((uint64_t{1} << shift) - 1);
      }
      // Round up when the rest is over half of 2^shift, or exactly half and q is odd.
      const int h = shift - 1;
      const uint64_t half_hi = h >= 64 ? uint64_t{1} << (h - 64) : 0;
      const uint64_t half_lo = h >= 64 ? 0 : uint64_t{1} << h;
      const int c = rest_hi != half_hi ? (rest_hi < half_hi ? -1 : 1) : rest_lo != half_lo ? (rest_lo < half_lo ? -1 : 1) : 0;
      if (c > 0 || (c == 0 && (q & 1))) ++q;
    }
  }
  std::string digits = std::to_string(q);
  if (decimals > 0) {
    if (digits.size() <= static_cast<size_t>(decimals)) digits.insert(0, decimals + 1 - digits.size(), '0');
    digits.insert(digits.size() - decimals, ".");
  }
  return (std::signbit(value) ? "-" : "") + digits;
}

std::string hex_text(uint32_t value) {
  std::string s(8, '0');
  for (int i = 7; i >= 0; --i, value >>= 4) s[i] = "0123456789abcdef"[value & 0xf];
  return s;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Whole numbers below 2⁵³ in full, as JavaScript prints them: 20000, 9007199254740991.
  if (value == std::floor(value) && std::fabs(value) <= 9007199254740992.0) return whole_number(value);
  // value = ±f · 2^e, f < 2^53.
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const int biased = static_cast<int>((bits >> 52) & 0x7ff);
  uint64_t f = bits & ((uint64_t{1} << 52) - 1);
  int e;
  if (biased == 0) {
    e = -1074;
  } else {
    f |= uint64_t{1} << 52;
    e = biased - 1075;
  }
  // The next double down is half as far when f is a power of two (and not the smallest exponent).
  const bool lower_gap_is_half = f == (uint64_t{1} << 52) && biased > 1;
  const double magnitude = std::fabs(value);
  const int k = decimal_exponent(f, e, magnitude);
  // The fewest digits that read back (17 always do).
  Decimal d{};
  int precision = 0;
  bool reads_back = false;
  while (!reads_back && precision < 17) reads_back = nearest(f, e, lower_gap_is_half, ++precision, k, d);
  // Written as printf's %g would (fixed notation for exponents −4 … precision − 1, else
  // scientific; no trailing zeros), the exponent without padding or '+'.
  std::string s = value < 0 ? "-" : "";
  const std::string digits(d.digits, d.count);
  const int x = d.exponent;
  if (x >= -4 && x < precision) {
    if (x < 0) {
      s += "0." + std::string(-x - 1, '0') + digits;
    } else if (d.count <= x + 1) {
      s += digits + std::string(x + 1 - d.count, '0');
    } else {
      s += digits.substr(0, x + 1) + "." + digits.substr(x + 1);
    }
  } else {
    s += digits.substr(0, 1);
    if (d.count > 1) s += "." + digits.substr(1);
    s += "e" + std::string(x < 0 ? "-" : "") + std::to_string(x < 0 ? -x : x);
  }
  return s;
}

}  // namespace bnlab
