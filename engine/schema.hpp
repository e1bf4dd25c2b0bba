// How a setting is described, once: the schema behind every spec struct.
//
// settings.hpp lists every field of DatasetSpec, NetworkSpec, TrainerSpec and
// MnistOptions in a `visit(spec, visitor)` function, one line per field: its
// name in the facade, the member, its range or names, whether a built twin can
// take a new value. The default is the member's own initializer. Everything
// that must know the settings walks that list instead of repeating it:
//   - validation (Validator below): ranges and names, with messages naming the field;
//   - the bindings' reader of the facade's config (engine/bindings/support.hpp);
//   - the parity tool's JSON writer (engine/tools/json_writer.hpp);
//   - the generated JavaScript table web/engine-schema.js (engine/tools/schema_js.cpp).
//
// A visitor has one method per kind of field. The value arguments are the
// spec's own members, so a visitor that writes them (the reader) takes them by
// reference and one that only reads them takes const references:
//   number(field, T& value, Range)                   T: int, double or uint64_t; ints must be whole
//   flag(field, bool& value)
//   choice(field, E& value)                          an enum with a names table (names.hpp)
//   sizes(field, std::vector<int>& values, Range each, Range count)
//   per_layer(field, E& all, std::vector<E>& each, size_t layers)
//                                                    one value for every hidden layer, or one per layer
//   layer_numbers(field, double& all, std::vector<double>& each, Range, size_t layers)
//                                                    one number for every hidden layer, or one per layer
//   layer_flags(field, std::vector<bool>& flags, size_t layers)
//                                                    a flag per hidden layer; empty: on in every layer
//   optional_number(field, double& value, bool& off, Range)
//                                                    a number, or off (the facade's null)
#pragma once

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "names.hpp"

namespace bnlab {

// Inclusive limits of a number, or of a list's length.
struct Range {
  double lo, hi;
};

// Rebuild: a new value needs a new twin (structure, data, seed). Live: a built
// twin takes it between two steps (TwinTrainer::set_learning_rate, the probed unit).
enum class Change { Rebuild, Live };

// Both: every description of a network has it. LoneNetwork: only a network
// built alone (the facade's referenceStep); a twin derives it from its data.
enum class Scope { Both, LoneNetwork };

struct Field {
  const char* key;   // the facade's camelCase name: "learningRate"
  const char* path;  // the engine's member, as messages name it: "optimizer.learning_rate"
  const char* doc;   // one line: what the setting is
  Change change = Change::Rebuild;
  Scope scope = Scope::Both;
  // A choice may take one more name that the facade resolves before the engine
  // sees it: dataset "mnist" (the data comes as bytes), loss "auto".
  const char* facade_name = nullptr;
  const char* facade_doc = nullptr;
  bool facade_default = false;  // that name is the facade's default

  // Only the native tool engine/tools/schema_js.cpp reads the two docs (it writes them into
  // web/engine-schema.js); the WebAssembly build leaves them out of its data (README "Bundles").
  // Always inlined there: at -Oz a call would still pass each doc's address, which keeps the text.
#ifdef __EMSCRIPTEN__
  [[gnu::always_inline]] constexpr Field(const char* key_, const char* path_, const char*)
      : key(key_), path(path_), doc(nullptr) {}
#else
  constexpr Field(const char* key_, const char* path_, const char* doc_) : key(key_), path(path_), doc(doc_) {}
#endif
  constexpr Field live() const {
    Field f = *this;
    f.change = Change::Live;
    return f;
  }
  constexpr Field lone_network() const {
    Field f = *this;
    f.scope = Scope::LoneNetwork;
    return f;
  }
#ifdef __EMSCRIPTEN__
  [[gnu::always_inline]]
#endif
  constexpr Field also(const char* name, const char* what, bool is_default = false) const {
    Field f = *this;
    f.facade_name = name;
#ifndef __EMSCRIPTEN__
    f.facade_doc = what;
#else
    static_cast<void>(what);
#endif
    f.facade_default = is_default;
    return f;
  }
  bool in_twin() const { return scope == Scope::Both; }
};

// `visit(spec, v)` is declared for S = Spec or const Spec.
template <class S, class Spec>
using if_spec = std::enable_if_t<std::is_same_v<std::remove_const_t<S>, Spec>>;

// A number as messages and generated code write it: the shortest text that
// reads back as the same double ("0.1", "1e-12", "20000").
std::string format_number(double value);

// Throws std::invalid_argument "<path> must be <allowed>, got <value>".
[[noreturn]] void fail_field(const std::string& path, const std::string& allowed, const std::string& got);

// Checks every field against its range or names; throws std::invalid_argument
// naming the first bad field: "optimizer.learning_rate must be in [0, 1000], got -0.1".
class Validator {
 public:
  template <class T>
  void number(const Field& f, const T& value, Range r) {
    const auto x = static_cast<double>(value);
    // The negated test also rejects NaN.
    if (!(x >= r.lo && x <= r.hi)) fail_field(f.path, range_text(std::is_integral_v<T>, r), format_number(x));
  }
  void flag(const Field&, const bool&) {}
  template <class E>
  void choice(const Field& f, const E& value) {
    if (!is_named(value)) fail_field(f.path, "one of " + name_list<E>(), "value " + std::to_string(int(value)));
  }
  void sizes(const Field& f, const std::vector<int>& values, Range each, Range count);
  template <class E>
  void per_layer(const Field& f, const E& all, const std::vector<E>& each, size_t layers) {
    choice(f, all);
    if (!each.empty() && each.size() != layers)
      fail_field(f.path, "one name, or one per hidden layer (" + std::to_string(layers) + ")",
                 std::to_string(each.size()) + " names");
    for (size_t l = 0; l < each.size(); ++l) {
      if (!is_named(each[l]))
        fail_field(std::string(f.path) + "[" + std::to_string(l) + "]", "one of " + name_list<E>(),
                   "value " + std::to_string(int(each[l])));
    }
  }
  void layer_flags(const Field& f, const std::vector<bool>& flags, size_t layers);
  void layer_numbers(const Field& f, const double& all, const std::vector<double>& each, Range r, size_t layers);
  void optional_number(const Field& f, const double& value, const bool& off, Range r) {
    if (!off) number(f, value, r);
  }

  static std::string range_text(bool integer, Range r);  // "an integer in [1, 1024]", "in [0, 1]"
};

}  // namespace bnlab
