#pragma once
// The GSM 03.38 default alphabet: which characters an SMS can carry in 7-bit septets.
// The ASCII part is a constexpr table in the header because segment counting of plain
// English text is a hot loop (see tools/bench/domain_bench.cpp).

#include <cstdint>

namespace crm::domain {

namespace detail {
/// Septets of ASCII character c in GSM-7 (0 when it has none).
constexpr std::uint8_t gsm7_ascii_row(unsigned c) {
  if (c == '\n' || c == '\r') return 1;
  if (c == '\f') return 2;
  if (c < 0x20 || c == '`' || c >= 0x7F) return 0;
  switch (c) {
    case '^':
    case '{':
    case '}':
    case '\\':
    case '[':
    case '~':
    case ']':
    case '|': return 2;
    default: return 1;
  }
}

/// gsm7_ascii_row for all 128 ASCII characters, computed at compile time.
struct gsm7_ascii_table {
  std::uint8_t septets[128];
  constexpr gsm7_ascii_table() : septets() {
    for (unsigned c = 0; c < 128; ++c) septets[c] = gsm7_ascii_row(c);
  }
};

/// The one instance of the table.
inline constexpr gsm7_ascii_table gsm7_ascii{};
}  // namespace detail

/// Septets of an ASCII byte c (< 0x80): 1, 2 for the extension table, 0 when GSM-7 lacks it.
inline unsigned gsm7_ascii_septets(unsigned char c) { return detail::gsm7_ascii.septets[c & 0x7F]; }

/// Septets cp takes in GSM-7: 1 (basic table), 2 (extension table, escape + char), 0 (not GSM).
unsigned gsm7_septets(char32_t cp);

}  // namespace crm::domain
