// The settings table (engine/settings.hpp): every field listed once, every
// default valid, and every field's range or names enforced with a message that
// names the field. The tests walk the table itself, so a setting added there
// is covered without a new test.
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "settings.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

namespace {

// Collects each field's key and path.
struct Keys {
  std::vector<std::string> keys, paths;
  void add(const Field& f) {
    keys.push_back(f.key);
    paths.push_back(f.path);
  }
  template <class T>
  void number(const Field& f, const T&, Range) { add(f); }
  void flag(const Field& f, const bool&) { add(f); }
  template <class E>
  void choice(const Field& f, const E&) { add(f); }
  void sizes(const Field& f, const std::vector<int>&, Range, Range) { add(f); }
  template <class E>
  void per_layer(const Field& f, const E&, const std::vector<E>&, size_t) { add(f); }
  void layer_flags(const Field& f, const std::vector<bool>&, size_t) { add(f); }
  void layer_numbers(const Field& f, const double&, const std::vector<double>&, Range, size_t) { add(f); }
  void optional_number(const Field& f, const double&, const bool&, Range) { add(f); }
};

// Puts field number `target` just outside its range or names; `path` says
// which field it broke ("" if that field cannot be wrong: a flag).
struct Breaker {
  explicit Breaker(int field) : target(field) {}
  int target;
  int index = 0;
  std::string path;

  bool mine(const Field& f) {
    if (index++ != target) return false;
    path = f.path;
    return true;
  }
  template <class T>
  void number(const Field& f, T& value, Range r) {
    if (mine(f)) value = static_cast<T>(r.hi + 1);  // every range here is at most 2⁵³ − 1
  }
  void flag(const Field& f, bool&) {
    if (mine(f)) path.clear();
  }
  template <class E>
  void choice(const Field& f, E& value) {
    if (mine(f)) value = static_cast<E>(99);
  }
  void sizes(const Field& f, std::vector<int>& values, Range, Range) {
    if (mine(f)) values.clear();
  }
  template <class E>
  void per_layer(const Field& f, E&, std::vector<E>& each, size_t layers) {
    if (mine(f)) each.assign(layers + 1, E{});
  }
  void layer_flags(const Field& f, std::vector<bool>& flags, size_t layers) {
    if (mine(f)) flags.assign(layers + 1, true);
  }
  void layer_numbers(const Field& f, double& all, std::vector<double>&, Range r, size_t) {
    if (mine(f)) all = r.hi + 1;
  }
  void optional_number(const Field& f, double& value, bool& off, Range r) {
    if (!mine(f)) return;
    off = false;
    value = r.hi + 1;
  }
};

template <class Spec>
int count_fields() {
  Spec spec;
  Keys keys;
  visit(spec, keys);
  return static_cast<int>(keys.keys.size());
}

// Breaks each field of a default Spec in turn: validate must refuse it, naming the field first.
template <class Spec>
void check_every_field_is_enforced() {
  for (int k = 0; k < count_fields<Spec>(); ++k) {
    Spec spec;
    Breaker breaker(k);
    visit(spec, breaker);
    if (breaker.path.empty()) continue;  // a flag: no wrong value
    CAPTURE(breaker.path);
    try {
      validate(spec);
      FAIL("a value out of range was accepted");
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      CHECK(message.rfind(breaker.path, 0) == 0);
      CHECK(message.find(" must be ") != std::string::npos);
    }
  }
}

}  // namespace

TEST_CASE("every twin setting is listed once, by a unique key and a unique member") {
  TrainerSpec twin;
  MnistOptions mnist;
  Keys keys;
  visit_twin(twin, mnist, keys);
  CHECK(keys.keys.size() == 38);  // 36 in a twin's config, plus inputSize and outputSize of a lone network
  CHECK(std::set<std::string>(keys.keys.begin(), keys.keys.end()).size() == keys.keys.size());
  CHECK(std::set<std::string>(keys.paths.begin(), keys.paths.end()).size() == keys.paths.size());
}

TEST_CASE("the default of every setting is valid") {
  CHECK_NOTHROW(validate(DatasetSpec{}));
  CHECK_NOTHROW(validate(NetworkSpec{}));
  CHECK_NOTHROW(validate(TrainerSpec{}));
  CHECK_NOTHROW(validate(MnistOptions{}));
  CHECK_NOTHROW(validate(mnist_fig1_spec().network));
}

TEST_CASE("every field out of its range or names is refused with a message naming it") {
  check_every_field_is_enforced<DatasetSpec>();
  check_every_field_is_enforced<NetworkSpec>();
  check_every_field_is_enforced<TrainerSpec>();
  check_every_field_is_enforced<BatchNormConfig>();
}

TEST_CASE("NaN is refused by every number field, and numbers are written back exactly") {
  NetworkSpec s;
  s.optimizer.learning_rate = std::nan("");
  CHECK_THROWS_WITH_AS(validate(s), "optimizer.learning_rate must be in [0, 1000], got nan", std::invalid_argument);
  for (double x : {0.1, 1e-12, 0.9999, 1e-5, 2.5e-4, 1.0 / 3.0, 20000.0, 9007199254740991.0})
    CHECK(std::strtod(format_number(x).c_str(), nullptr) == x);
  CHECK(format_number(1e-5) == "1e-5");
  CHECK(format_number(20000) == "20000");
}
