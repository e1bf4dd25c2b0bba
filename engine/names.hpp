// Names of enum values: how a setting's choice is written in the facade's
// config, the URL and error messages ("tanh", "before", "sgd").
//
// One table per enum, declared beside the enum itself, e.g. in activation.hpp:
//
//   constexpr std::array<Named<Activation>, 5> kActivationNames{{
//       {Activation::ReLU, "relu"}, {Activation::Tanh, "tanh"}, ...}};
//   constexpr const auto& enum_names(Activation) { return kActivationNames; }
//
// The functions below find that table by argument-dependent lookup, so every
// enum converts the same way, in both directions, from its one table.
#pragma once

#include <stdexcept>
#include <string>

namespace bnlab {

template <class E>
struct Named {
  E value;
  const char* name;
};

// The name of `value`, or "unknown" for a value outside the table (a cast int).
template <class E>
const char* name_of(E value) {
  for (const Named<E>& n : enum_names(E{})) {
    if (n.value == value) return n.name;
  }
  return "unknown";
}

// Whether `value` is one of the table's values.
template <class E>
bool is_named(E value) {
  for (const Named<E>& n : enum_names(E{})) {
    if (n.value == value) return true;
  }
  return false;
}

// "relu, leaky_relu, tanh, sigmoid, linear": the allowed names, for messages.
template <class E>
std::string name_list() {
  std::string list;
  for (const Named<E>& n : enum_names(E{})) list += (list.empty() ? "" : ", ") + std::string(n.name);
  return list;
}

// The value named `text`. Throws std::invalid_argument naming `field` and the
// allowed names: `activation must be one of relu, …; got "gelu"`.
template <class E>
E parse_name(const std::string& field, const std::string& text) {
  for (const Named<E>& n : enum_names(E{})) {
    if (text == n.name) return n.value;
  }
  throw std::invalid_argument(field + " must be one of " + name_list<E>() + "; got \"" + text + "\"");
}

}  // namespace bnlab
