// The C++ types the embed's module tells embind about at start-up: only those its bindings pass
// across (CMakeLists.txt links this file into web/dist/bnlab-embed.{js,wasm} only).
//
// Emscripten's libembind registers every builtin type in one object (bind.cpp): all integer and
// float widths, 64-bit integers, std::string, std::basic_string<unsigned char>, std::wstring,
// std::u16string, std::u32string, emscripten::val and a typed-array view of each number type.
// Registering a type makes the module import its JavaScript converter, so the embed's glue carried
// UTF-16 and UTF-32 string code that no binding used. This file defines the two symbols of that
// object, so the linker never takes it from the library, and registers the embed's types itself.
// A call through a binding that takes or returns a type missing here throws embind's "unbound types"
// error, naming the type: tests/node/embed-module.test.mjs and the embed's browser tests call the
// methods the embed uses.
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>

#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <typeinfo>

namespace {

using emscripten::internal::TypeID;

template <typename T>
void integer(const char* name) {
  emscripten::internal::_embind_register_integer(TypeID<T>::get(), name, sizeof(T), std::numeric_limits<T>::min(),
                                                 std::numeric_limits<T>::max());
}

template <typename T>
void number(const char* name) {
  emscripten::internal::_embind_register_float(TypeID<T>::get(), name, sizeof(T));
}

// The index of the JavaScript typed array for T, as embind's glue numbers them (Int8Array,
// Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array).
template <typename T>
void view(unsigned typed_array, const char* name) {
  emscripten::internal::_embind_register_memory_view(TypeID<emscripten::memory_view<T>>::get(), typed_array, name);
}

}  // namespace

extern "C" {

// embind's glue asks for a type's name only to say which types a failing call lacks.
const char* EMSCRIPTEN_KEEPALIVE __getTypeName(const std::type_info* type) { return strdup(type->name()); }

EMSCRIPTEN_KEEPALIVE __attribute__((constructor)) void __embind_register_native_and_builtin_types() {
  using namespace emscripten::internal;
  _embind_register_void(TypeID<void>::get(), "void");
  _embind_register_bool(TypeID<bool>::get(), "bool", sizeof(bool), true, false);
  integer<char>("char");
  integer<signed char>("signed char");
  integer<unsigned char>("unsigned char");
  integer<short>("short");
  integer<unsigned short>("unsigned short");
  integer<int>("int");
  integer<unsigned int>("unsigned int");
  integer<long>("long");
  integer<unsigned long>("unsigned long");
  number<float>("float");
  number<double>("double");
  _embind_register_std_string(TypeID<std::string>::get(), "std::string");
  _embind_register_emval(TypeID<emscripten::val>::get(), "emscripten::val");
  view<char>(0, "emscripten::memory_view<char>");
  view<signed char>(0, "emscripten::memory_view<signed char>");
  view<unsigned char>(1, "emscripten::memory_view<unsigned char>");
  view<int>(4, "emscripten::memory_view<int>");
  view<unsigned int>(5, "emscripten::memory_view<unsigned int>");
  view<float>(6, "emscripten::memory_view<float>");
  view<double>(7, "emscripten::memory_view<double>");
}

}  // extern "C"
