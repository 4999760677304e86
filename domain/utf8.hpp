#pragma once
// A strict UTF-8 decoder for untrusted message bodies. Malformed input never throws or asserts:
// every byte that does not start a well-formed sequence decodes to U+FFFD on its own, so a
// body with bad bytes still gets a deterministic count.

#include <cstddef>
#include <string>
#include <string_view>

namespace crm::domain {

/// The code point malformed bytes decode to.
inline constexpr char32_t replacement_character = 0xFFFD;

/// Decodes the code point starting at text[pos] and moves pos past it; pos must be < text.size().
inline char32_t next_code_point(std::string_view text, std::size_t& pos) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    ++pos;
    return replacement_character;
  }
  if (pos + length > text.size()) {
    ++pos;
    return replacement_character;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(pos + i);
    if ((next & 0xC0) != 0x80) {
      ++pos;
      return replacement_character;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++pos;
    return replacement_character;
  }
  pos += length;
  return cp;
}

/// How many UTF-16 code units cp takes: 2 outside the Basic Multilingual Plane.
inline constexpr unsigned utf16_units(char32_t cp) { return cp >= 0x10000 ? 2 : 1; }

/// Appends cp to out as UTF-8.
void append_utf8(std::string& out, char32_t cp);

/// Whether PostgreSQL can store `text` as text or in jsonb: well-formed UTF-8 and no NUL (U+0000),
/// which neither type takes (and which a C string would silently cut the value at).
bool is_storable_text(std::string_view text);

/// `text` with every malformed byte and every NUL replaced by U+FFFD, for text we must keep
/// whatever it holds (what Twilio delivers); `text` itself, moved, when it is storable already.
std::string storable_text(std::string text);

}  // namespace crm::domain
