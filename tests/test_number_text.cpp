// format_number, fixed_text and hex_text (engine/number_text.cpp) write what snprintf writes;
// format_number the same text as the snprintf("%.*g") + strtod
// search it replaced (kept here as the reference), for seeded random doubles of every magnitude
// and for short decimals like those in settings, and that text reads back as the same double.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "number_text.hpp"
#include "schema.hpp"

using bnlab::format_number;

namespace {

// The shortest %.{1..17}g text that strtod reads back as `value`, its exponent written as JavaScript
// writes it ("1e-5"); whole numbers below 2^53 in full.
std::string reference_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[40];
  if (value == std::floor(value) && std::abs(value) <= 9007199254740992.0) {
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  std::string s = text;
  const size_t e = s.find('e');
  if (e == std::string::npos) return s;
  const bool negative = s[e + 1] == '-';
  size_t first = e + 2;
  while (first + 1 < s.size() && s[first] == '0') ++first;
  return s.substr(0, e + 1) + (negative ? "-" : "") + s.substr(first);
}

void check_same(double x) {
  const std::string ours = format_number(x);
  INFO("x = ", reference_text(x));
  CHECK(ours == reference_text(x));
  if (std::isfinite(x)) CHECK(std::strtod(ours.c_str(), nullptr) == x);
}

}  // namespace

TEST_CASE("format_number writes the shortest text that reads back, as JavaScript writes numbers") {
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(1e-5) == "1e-5");
  CHECK(format_number(2.5e-4) == "0.00025");
  CHECK(format_number(1e-7) == "1e-7");
  CHECK(format_number(20000) == "20000");
  CHECK(format_number(-3) == "-3");
  CHECK(format_number(9007199254740991.0) == "9007199254740991");
  CHECK(format_number(1e21) == "1e21");
  CHECK(format_number(1.0 / 3.0) == "0.3333333333333333");
  CHECK(format_number(5e-324) == "5e-324");
  CHECK(format_number(1.7976931348623157e308) == "1.7976931348623157e308");
  CHECK(format_number(-0.75) == "-0.75");
  CHECK(format_number(std::nan("")) == "nan");
  CHECK(format_number(-HUGE_VAL) == "-inf");
}

TEST_CASE("format_number equals the snprintf/strtod search over seeded doubles of every magnitude") {
  // Edges: powers of two (a closer neighbour below), subnormals, ties in rounding, the largest.
  for (double x : {0.5, 0.25, 0.125, 9.5, 4.35, 0.3, 2.0 / 3.0, 1e22, 1e23, 8.41e21, 5e-310,
                   2.2250738585072014e-308, 2.2250738585072009e-308, 9007199254740993.0, 123456789012345680000.0,
                   std::ldexp(1.0, -1022), std::ldexp(1.0, 1023), std::ldexp(1.0, -60), -1e-300})
    check_same(x);
  std::mt19937_64 random(12);
  // Every bit pattern is a double: uniform over exponents and mantissas.
  for (int i = 0; i < 40000; ++i) {
    const uint64_t bits = random();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    check_same(x);
  }
  // Short decimals of every size, as settings and limits are written, and their neighbours.
  std::uniform_real_distribution<double> exponent(-12, 12);
  for (int i = 0; i < 20000; ++i) {
    const double x = std::pow(10.0, exponent(random));
    char text[40];
    std::snprintf(text, sizeof text, "%.*g", 1 + static_cast<int>(random() % 17), x);
    const double decimal = std::strtod(text, nullptr);
    check_same(decimal);
    check_same(std::nextafter(decimal, 0.0));
    check_same(x);
  }
}

TEST_CASE("fixed_text rounds as printf's %.Nf and hex_text writes %08x") {
  std::mt19937_64 random(13);
  std::uniform_real_distribution<double> exponent(-8, 11.9);
  auto same = [](double x, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, x);
    INFO("x = ", format_number(x), ", decimals ", decimals);
    CHECK(bnlab::fixed_text(x, decimals) == text);
  };
  // Exact ties (round to even), values just under a tie, zero of both signs, small and large.
  for (double x : {0.25, 0.35, 2.25, 2.35, 0.05, 0.15, 9.95, 9.96, 99.95, 0.0, -0.0, -0.04, -2.25, 1e-300, 5e-324,
                   999999999999.9, 123456.75, 0.45, 1.0 / 3.0})
    for (int decimals = 0; decimals <= 6; ++decimals) same(x, decimals);
  for (int i = 0; i < 30000; ++i) {
    const double x = std::pow(10.0, exponent(random)) * (random() % 2 ? 1 : -1);
    same(x, static_cast<int>(random() % 7));
    // and multiples of 2^-6, whose decimals end in exact ties
    same(std::ldexp(std::round(std::ldexp(x, 6)), -6), 1 + static_cast<int>(random() % 4));
  }
  CHECK(bnlab::hex_text(0) == "00000000");
  CHECK(bnlab::hex_text(0xdeadbeefu) == "deadbeef");
  CHECK(bnlab::hex_text(0x1234u) == "00001234");
}
