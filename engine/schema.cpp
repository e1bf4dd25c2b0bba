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

void Validator::layer_numbers(const Field& f, const double& all, const std::vector<double>& each, Range r,
                              size_t layers) {
  number(f, all, r);
  if (!each.empty() && each.size() != layers)
    fail_field(f.path, "one number, or one per hidden layer (" + std::to_string(layers) + ")",
               std::to_string(each.size()) + " numbers");
  for (size_t l = 0; l < each.size(); ++l) {
    // The negated test also rejects NaN.
    if (!(each[l] >= r.lo && each[l] <= r.hi))
      fail_field(std::string(f.path) + "[" + std::to_string(l) + "]", range_text(false, r), format_number(each[l]));
  }
}

}  // namespace bnlab
