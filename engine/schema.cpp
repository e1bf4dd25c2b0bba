#include "schema.hpp"

namespace bnlab {

// format_number: engine/number_text.cpp.

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
