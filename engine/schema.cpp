#include "schema.hpp"

#include <cstdio>
#include <cstdlib>

namespace bnlab {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[40];
  // Whole numbers below 2⁵³ in full, as JavaScript prints them: 20000, 9007199254740991.
  if (value == std::floor(value) && std::abs(value) <= 9007199254740992.0) {
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
  }
  // Otherwise the fewest significant digits that read back as the same double.
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  // "1e-05" → "1e-5": the exponent without padding, as JavaScript writes it.
  std::string s = text;
  const size_t e = s.find('e');
  if (e == std::string::npos) return s;
  std::string exponent = s.substr(e + 1);
  const char sign = exponent[0] == '-' ? '-' : '+';
  if (exponent[0] == '-' || exponent[0] == '+') exponent.erase(0, 1);
  while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
  return s.substr(0, e + 1) + (sign == '-' ? "-" : "") + exponent;
}

void fail_field(const std::string& path, const std::string& allowed, const std::string& got) {
  throw std::invalid_argument(path + " must be " + allowed + ", got " + got);
}

std::string Validator::range_text(bool integer, Range r) {
  return std::string(integer ? "an integer in [" : "in [") + format_number(r.lo) + ", " + format_number(r.hi) + "]";
}

void Validator::sizes(const Field& f, const std::vector<int>& values, Range each, Range count) {
  const auto n = static_cast<double>(values.size());
  if (n < count.lo || n > count.hi)
    fail_field(f.path, "a list of " + format_number(count.lo) + " to " + format_number(count.hi) + " entries",
               std::to_string(values.size()));
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] < each.lo || values[i] > each.hi)
      fail_field(std::string(f.path) + "[" + std::to_string(i) + "]", range_text(true, each),
                 std::to_string(values[i]));
  }
}

void Validator::layer_flags(const Field& f, const std::vector<bool>& flags, size_t layers) {
  if (!flags.empty() && flags.size() != layers)
    fail_field(f.path, "empty or one flag per hidden layer (" + std::to_string(layers) + ")",
               std::to_string(flags.size()) + " flags");
}

}  // namespace bnlab
