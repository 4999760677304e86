#include "domain/utf8.hpp"

namespace crm::domain {

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = replacement_character;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

// The ASCII prefix needs no decoding; most text is ASCII throughout.
std::size_t storable_ascii_prefix(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] != '\0' && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

}  // namespace

bool is_storable_text(std::string_view text) {
  for (std::size_t pos = storable_ascii_prefix(text); pos < text.size();) {
    auto start = pos;
    auto cp = next_code_point(text, pos);
    if (cp == 0) return false;
    // A malformed byte decodes to U+FFFD as one byte; a real U+FFFD takes three.
    if (cp == replacement_character && pos - start != 3) return false;
  }
  return true;
}

std::string storable_text(std::string text) {
  if (is_storable_text(text)) return text;
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t pos = 0; pos < text.size();) {
    auto cp = next_code_point(text, pos);
    append_utf8(out, cp == 0 ? replacement_character : cp);
  }
  return out;
}

}  // namespace crm::domain
