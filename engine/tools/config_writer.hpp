// A spec written as the facade's config object, {"dataset": "circles", …}:
// a visitor over the fields of settings.hpp, shared by the parity tool (JSON)
// and the schema generator (JavaScript literals, with single quotes).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "settings.hpp"

namespace bnlab::tools {

class ConfigWriter {
 public:
  // quote: '"' for JSON, '\'' for JavaScript. twin_only: skip the fields a twin
  // derives from its data (Scope::LoneNetwork), as a twin's config has none.
  explicit ConfigWriter(char quote = '"', bool twin_only = true) : quote_(quote), twin_only_(twin_only) {}

  template <class T>
  void number(const Field& f, const T& value, Range) {
    put(f, format_number(static_cast<double>(value)));
  }
  void flag(const Field& f, const bool& value) { put(f, value ? "true" : "false"); }
  template <class E>
  void choice(const Field& f, const E& value) {
    put(f, quoted(name_of(value)));
  }
  void sizes(const Field& f, const std::vector<int>& values, Range, Range) {
    std::vector<std::string> items;
    for (int v : values) items.push_back(std::to_string(v));
    put(f, list(items));
  }
  // One name for every layer, or the list.
  template <class E>
  void per_layer(const Field& f, const E& all, const std::vector<E>& each, size_t) {
    if (each.empty()) return put(f, quoted(name_of(all)));
    std::vector<std::string> items;
    for (E e : each) items.push_back(quoted(name_of(e)));
    put(f, list(items));
  }
  // true for BN in every layer, or the list.
  void layer_flags(const Field& f, const std::vector<bool>& flags, size_t) {
    if (flags.empty()) return put(f, "true");
    std::vector<std::string> items;
    for (bool b : flags) items.push_back(b ? "true" : "false");
    put(f, list(items));
  }
  // One number for every layer, or the list.
  void layer_numbers(const Field& f, const double& all, const std::vector<double>& each, Range, size_t) {
    if (each.empty()) return put(f, format_number(all));
    std::vector<std::string> items;
    for (double x : each) items.push_back(format_number(x));
    put(f, list(items));
  }
  void optional_number(const Field& f, const double& value, const bool& off, Range) {
    put(f, off ? "null" : format_number(value));
  }

  // (key, value text) in visiting order.
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }
  // {"key": value, …} (JSON) or {key: value, …} (JavaScript).
  std::string object() const {
    std::string out = "{";
    for (const auto& [key, value] : entries_)
      out += (out.size() > 1 ? ", " : "") + (quote_ == '"' ? quoted(key.c_str()) : key) + ": " + value;
    return out + "}";
  }

  std::string quoted(const char* text) const { return quote_ + std::string(text) + quote_; }
  static std::string list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const std::string& item : items) out += (out.size() > 1 ? ", " : "") + item;
    return out + "]";
  }

 private:
  void put(const Field& f, std::string value) {
    if (twin_only_ && !f.in_twin()) return;
    entries_.emplace_back(f.key, std::move(value));
  }

  char quote_;
  bool twin_only_;
  std::vector<std::pair<std::string, std::string>> entries_;
};

}  // namespace bnlab::tools
