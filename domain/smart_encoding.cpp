#include "domain/smart_encoding.hpp"

#include "domain/utf8.hpp"

#include <algorithm>
#include <iterator>

namespace crm::domain {
namespace {

struct lookalike {
  char32_t cp;
  std::string_view gsm;
};

// Sorted by code point. Full-width ASCII (U+FF01..U+FF5E) is handled by arithmetic instead.
constexpr lookalike lookalikes[] = {
    {0x0009, " "},  // tab: GSM-7 has none
    {0x0060, "'"},  // grave accent, the one printable ASCII character GSM-7 lacks
    {0x00A0, " "},  // no-break space
    {0x00AB, "\""},  {0x00B4, "'"},  {0x00BB, "\""}, {0x00BC, "1/4"}, {0x00BD, "1/2"}, {0x00BE, "3/4"},
    {0x00F7, "/"},   {0x02B9, "'"},  {0x02BA, "\""}, {0x02BB, "'"},   {0x02BC, "'"},   {0x02BD, "'"},
    {0x02C6, "^"},   {0x02C8, "'"},  {0x02CA, "'"},  {0x02CB, "'"},   {0x02DC, "~"},   {0x2000, " "},
    {0x2001, " "},   {0x2002, " "},  {0x2003, " "},  {0x2004, " "},   {0x2005, " "},   {0x2006, " "},
    {0x2007, " "},   {0x2008, " "},  {0x2009, " "},  {0x200A, " "},   {0x200B, ""},  // zero-width space
    {0x2010, "-"},   {0x2011, "-"},  {0x2012, "-"},  {0x2013, "-"},   {0x2014, "-"},   {0x2015, "-"},
    {0x2018, "'"},   {0x2019, "'"},  {0x201A, "'"},  {0x201B, "'"},   {0x201C, "\""},  {0x201D, "\""},
    {0x201E, "\""},  {0x201F, "\""}, {0x2022, "-"},  {0x2023, "-"},  // bullets
    {0x2026, "..."},                                                 // ellipsis
    {0x2028, " "},   {0x2029, " "},  {0x202F, " "},  {0x2032, "'"},   {0x2033, "\""},  {0x2039, "<"},
    {0x203A, ">"},   {0x203C, "!!"}, {0x2043, "-"},  {0x2044, "/"},   {0x205F, " "},   {0x2060, ""},  // word joiner
    {0x2212, "-"},   {0x2215, "/"},  {0x2223, "|"},  {0x223C, "~"},   {0x275B, "'"},   {0x275C, "'"},
    {0x275D, "\""},  {0x275E, "\""}, {0x3000, " "},  {0x3001, ","},   {0x3002, "."},   {0x301D, "\""},
    {0x301E, "\""},  {0xFEFF, ""},  // byte order mark / zero-width no-break space
    {0xFF40, "'"},                  // full-width grave accent: the arithmetic would give '`'
};

// U+FF01..U+FF5E mirror printable ASCII at a fixed offset.
constexpr char32_t fullwidth_first = 0xFF01;
constexpr char32_t fullwidth_last = 0xFF5E;
constexpr char32_t fullwidth_offset = 0xFEE0;

constexpr std::string_view printable_ascii =
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~";

}  // namespace

std::optional<std::string_view> smart_replacement(char32_t cp) {
  auto found = std::lower_bound(std::begin(lookalikes), std::end(lookalikes), cp,
                                [](const lookalike& l, char32_t key) { return l.cp < key; });
  if (found != std::end(lookalikes) && found->cp == cp) return found->gsm;
  if (cp >= fullwidth_first && cp <= fullwidth_last) {
    return printable_ascii.substr(cp - fullwidth_offset - 0x20, 1);
  }
  return std::nullopt;
}

std::string smart_encode(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t begin = pos;
    char32_t cp = next_code_point(body, pos);
    if (auto replacement = smart_replacement(cp)) {
      out.append(*replacement);
    } else if (cp == replacement_character) {
      append_utf8(out, cp);
    } else {
      out.append(body.substr(begin, pos - begin));
    }
  }
  return out;
}

}  // namespace crm::domain
