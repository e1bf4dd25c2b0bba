#pragma once
// Numbers written into messages without libc's printf (engine/number_text.cpp says why). The
// shortest round-trip text, format_number, is declared in schema.hpp.

#include <cstdint>
#include <string>

namespace bnlab {

// `value` with `decimals` (0 to 6) digits after the point, rounded as printf's "%.*f" rounds
// (the exact binary value, ties to even): fixed_text(2.25, 1) == "2.2". |value| must be below 1e12
// (larger values are written by format_number).
std::string fixed_text(double value, int decimals);

// `value` as 8 lower-case hexadecimal digits, as printf's "%08x".
std::string hex_text(uint32_t value);

}  // namespace bnlab
