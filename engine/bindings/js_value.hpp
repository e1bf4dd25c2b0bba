// JavaScript values held by C++ in the embed's module, which links no embind (README "Bundles"):
// the part of emscripten::val the bindings use (support.hpp, twin_lab.hpp, functions.hpp), with the
// same names, so those files compile unchanged for both modules.
//
// A val is a handle into the table of engine/bindings/embed_values.js (--js-library), whose
// functions below are the module's imports. One val owns one handle: copying takes a second
// handle onto the same JavaScript value, destruction frees it. Values cross the boundary as
// handles (embed_exports.cpp passes them to and from engine/bindings/embed_module.js).
//
// Typed-array views (typed_memory_view) are made in JavaScript on the memory as it is at that
// moment: valid until the next call into the module, as with embind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

extern "C" {
int bnlab_js_null();
int bnlab_js_object();
int bnlab_js_array();
int bnlab_js_view(int type, const void* data, size_t size);  // type: as typed_array_type below
int bnlab_js_get(int handle, const char* key);
int bnlab_js_at(int handle, int index);
int bnlab_js_kind(int handle);  // 1 a string, 2 null, 3 true, 4 false; else 5 if truthy, 0 if not
int bnlab_js_is_array(int handle);  // 1 if Array.isArray(value)
double bnlab_js_number(int handle);
size_t bnlab_js_text_size(int handle);                          // UTF-8 bytes of String(value)
void bnlab_js_text(int handle, char* out, size_t capacity);     // ... written with a terminating 0
void bnlab_js_set_number(int handle, const char* key, double value);
void bnlab_js_set_bool(int handle, const char* key, bool value);
void bnlab_js_set_value(int handle, const char* key, int value_handle);
void bnlab_js_set_text(int handle, const char* key, const char* text);
void bnlab_js_push_number(int handle, double value);
int bnlab_js_dup(int handle);
void bnlab_js_free(int handle);
}

namespace bnlab::web {

template <class T>
struct memory_view {
  size_t size;
  const T* data;
};
template <class T>
memory_view<T> typed_memory_view(size_t size, const T* data) {
  return {size, data};
}

// The JavaScript typed array of T, numbered as embed_values.js's VIEW_TYPES lists them.
template <class T>
constexpr int typed_array_type() {
  if constexpr (std::is_same_v<T, float>) return 6;
  if constexpr (std::is_same_v<T, double>) return 7;
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> || sizeof(T) == 1, "a view of bytes or floats");
  return std::is_signed_v<T> ? 0 : 1;
}

class val {
 public:
  static val null() { return val(bnlab_js_null()); }
  static val object() { return val(bnlab_js_object()); }
  static val array() { return val(bnlab_js_array()); }
  // Takes over a handle that JavaScript made for C++ (embed_module.js's arguments).
  static val take_ownership(int handle) { return val(handle); }

  template <class T>
  explicit val(memory_view<T> v) : handle_(bnlab_js_view(typed_array_type<T>(), v.data, v.size)) {}
  val(const val& other) : handle_(bnlab_js_dup(other.handle_)) {}
  val(val&& other) noexcept : handle_(std::exchange(other.handle_, -1)) {}
  val& operator=(val other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  ~val() {
    if (handle_ >= 0) bnlab_js_free(handle_);
  }

  // The handle, for JavaScript to take over (embed_module.js frees it).
  int release_ownership() { return std::exchange(handle_, -1); }

  val operator[](const char* key) const { return val(bnlab_js_get(handle_, key)); }
  val operator[](const std::string& key) const { return (*this)[key.c_str()]; }
  template <class I, class = std::enable_if_t<std::is_integral_v<I>>>
  val operator[](I index) const {
    return val(bnlab_js_at(handle_, static_cast<int>(index)));
  }

  bool isString() const { return bnlab_js_kind(handle_) == 1; }
  bool isNull() const { return bnlab_js_kind(handle_) == 2; }
  bool isTrue() const { return bnlab_js_kind(handle_) == 3; }
  bool isFalse() const { return bnlab_js_kind(handle_) == 4; }
  bool isArray() const { return bnlab_js_is_array(handle_) == 1; }

  // A string as String(value); a bool as the value's truth (not a string's); a number as Number(value).
  template <class T>
  T as() const {
    if constexpr (std::is_same_v<T, std::string>) {
      std::string text(bnlab_js_text_size(handle_) + 1, '\0');
      bnlab_js_text(handle_, text.data(), text.size());
      text.pop_back();
      return text;
    } else if constexpr (std::is_same_v<T, bool>) {
      const int kind = bnlab_js_kind(handle_);
      return kind == 3 || kind == 5;
    } else {
      return static_cast<T>(bnlab_js_number(handle_));
    }
  }

  template <class T>
  void set(const char* key, const T& value) {
    if constexpr (std::is_same_v<T, val>) {
      bnlab_js_set_value(handle_, key, value.handle_);
    } else if constexpr (std::is_same_v<T, bool>) {
      bnlab_js_set_bool(handle_, key, value);
    } else if constexpr (std::is_arithmetic_v<T>) {
      bnlab_js_set_number(handle_, key, static_cast<double>(value));
    } else if constexpr (std::is_same_v<T, std::string>) {
      bnlab_js_set_text(handle_, key, value.c_str());
    } else {
      bnlab_js_set_text(handle_, key, value);  // a C string
    }
  }

  // Only what the bindings call: an array's push of a number.
  template <class R>
  R call(const char* method, double value) {
    static_assert(std::is_void_v<R>, "call returns nothing");
    (void)method;  // "push"
    bnlab_js_push_number(handle_, value);
  }

 private:
  explicit val(int handle) : handle_(handle) {}
  int handle_;
};

template <class T>
std::vector<T> vecFromJSArray(const val& array) {
  const auto n = array["length"].as<unsigned>();
  std::vector<T> out;
  out.reserve(n);
  for (unsigned i = 0; i < n; ++i) out.push_back(array[i].as<T>());
  return out;
}
template <class T>
std::vector<T> convertJSArrayToNumberVector(const val& array) {
  return vecFromJSArray<T>(array);
}

}  // namespace bnlab::web
