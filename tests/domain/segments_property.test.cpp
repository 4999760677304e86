// Property test: thousands of random texts, every prefix of each, counted by domain/ and by a
// reference written here from the contract alone. The reference walks UTF-16 code units and
// knows the grapheme clusters by construction (texts are built from whole clusters), so it
// shares no code and no character tables with domain/sms_segments.cpp.
#include "domain/sms_segments.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace crm::domain {
namespace {

// GSM 03.38 in the order of 3GPP TS 23.038's table (escape excluded), and its extension table.
const std::u16string gsm_basic =
    u"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    u"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const std::u16string gsm_extension = u"\f^{}\\[~]|€";

// Whole grapheme clusters, by kind. None starts with a joining character, none ends with a
// ZWJ, and there is no lone regional indicator or CR, so concatenations never merge clusters.
const std::vector<std::u16string> ascii_atoms = {u"a", u"Z", u"7", u" ",  u".", u"!", u"?",
                                                 u"@", u"$", u"_", u"\n", u"-", u"'", u"\""};
const std::vector<std::u16string> gsm_special_atoms = {u"é", u"ñ", u"Δ", u"ß", u"£", u"¥",
                                                       u"Ø", u"Ü", u"¿", u"à", u"Ω", u"§"};
const std::vector<std::u16string> extension_atoms = {u"^", u"{", u"}", u"\\", u"[", u"~", u"]", u"|", u"€", u"\f"};
const std::vector<std::u16string> other_atoms = {
    u"“",
    u"”",
    u"‘",
    u"’",
    u"—",
    u"ç",
    u"Á",
    u"中",
    u"文",
    u"日",
    u"я",
    u"α",
    u"한",
    u"`",
    u"\t",
    u"½",
    u"…",
    u"ü\u0301",
    u"e\u0301",
    u"a\u0308\u0301",
    u"n\u0303",
    u"न\u093F",             // Devanagari ni
    u"\u0E17\u0E35\u0E48",  // Thai
};
const std::vector<std::u16string> emoji_atoms = {
    u"😀",
    u"👍",
    u"🎉",
    u"👍🏽",  // skin tone
    u"🇺🇸",
    u"🇫🇷",
    u"🇯🇵",                      // flags
    u"👨\u200D👩\u200D👧\u200D👦",  // family (ZWJ)
    u"👩🏽\u200D💻",      // technologist, skin tone
    u"🏳\uFE0F\u200D🌈",    // rainbow flag
    u"❤\uFE0F",
    u"☺",
    u"1\uFE0F\u20E3",                                                     // variation selector, keycap
    u"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",  // Scotland (tags)
};

std::string to_utf8(const std::u16string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t cp = text[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < text.size()) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (text[++i] - 0xDC00);
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

std::size_t utf8_size(const std::u16string& text) {
  std::size_t size = 0;
  for (char16_t unit : text) {
    if (unit >= 0xD800 && unit <= 0xDBFF) size += 4;
    else if (unit >= 0xDC00 && unit <= 0xDFFF) continue;
    else size += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
  }
  return size;
}

struct reference_count {
  bool gsm = true;
  unsigned segments = 0;
  unsigned characters = 0;
  unsigned units = 0;
  unsigned units_per_segment = 160;
  unsigned remaining = 160;
  std::vector<std::size_t> segment_starts;  // UTF-8 offsets where segments 2.. begin
};

unsigned septets(char16_t unit) {
  if (gsm_basic.find(unit) != std::u16string::npos) return 1;
  if (gsm_extension.find(unit) != std::u16string::npos) return 2;
  return 0;
}

// What the reference needs of one cluster, computed once per cluster.
struct atom_info {
  bool gsm = true;
  std::vector<unsigned> septets;        // per code unit, when gsm
  std::vector<std::size_t> utf8_sizes;  // per code unit, when gsm
  unsigned utf16_units = 0;
  std::size_t utf8_bytes = 0;
};

atom_info describe(const std::u16string& atom) {
  atom_info info;
  for (char16_t unit : atom) {
    unsigned s = septets(unit);
    info.gsm = info.gsm && s != 0;
    info.septets.push_back(s);
    info.utf8_sizes.push_back(unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3);  // GSM is all BMP
  }
  info.utf16_units = static_cast<unsigned>(atom.size());
  info.utf8_bytes = utf8_size(atom);
  return info;
}

reference_count reference(const std::vector<atom_info>& atoms) {
  reference_count r;
  for (const auto& atom : atoms) r.gsm = r.gsm && atom.gsm;
  struct piece {
    unsigned units;
    std::size_t utf8_offset;
  };
  std::vector<piece> pieces;
  std::size_t offset = 0;
  for (const auto& atom : atoms) {
    if (r.gsm) {
      for (std::size_t i = 0; i < atom.septets.size(); ++i) {
        pieces.push_back({atom.septets[i], offset});
        offset += atom.utf8_sizes[i];
      }
    } else {
      pieces.push_back({atom.utf16_units, offset});
      offset += atom.utf8_bytes;
    }
  }
  r.characters = static_cast<unsigned>(pieces.size());
  for (const auto& p : pieces) r.units += p.units;
  const unsigned single = r.gsm ? 160 : 70;
  const unsigned multiple = r.gsm ? 153 : 67;
  if (r.units <= single) {
    r.segments = r.units == 0 ? 0 : 1;
    r.units_per_segment = single;
    r.remaining = single - r.units;
    return r;
  }
  r.segments = 1;
  unsigned used = 0;
  for (const auto& p : pieces) {
    if (used + p.units > multiple) {
      ++r.segments;
      used = 0;
      r.segment_starts.push_back(p.utf8_offset);
    }
    used += p.units;
  }
  r.units_per_segment = multiple;
  r.remaining = multiple - used;
  return r;
}

const std::u16string& pick(std::mt19937& rng, const std::vector<std::u16string>& atoms) {
  return atoms[std::uniform_int_distribution<std::size_t>(0, atoms.size() - 1)(rng)];
}

// Mixes: plain ASCII, GSM with specials and escapes, GSM with a rare outsider, anything,
// emoji-heavy. Weights are per mille for (ascii, special, extension, other, emoji).
const unsigned mixes[][5] = {
    {1000, 0, 0, 0, 0}, {700, 200, 100, 0, 0}, {800, 120, 60, 10, 10}, {400, 100, 100, 200, 200}, {300, 0, 50, 50, 600},
};

const std::u16string& random_atom(std::mt19937& rng, const unsigned (&mix)[5]) {
  unsigned roll = std::uniform_int_distribution<unsigned>(0, 999)(rng);
  const std::vector<std::u16string>* kinds[] = {&ascii_atoms, &gsm_special_atoms, &extension_atoms, &other_atoms,
                                                &emoji_atoms};
  for (int k = 0; k < 5; ++k) {
    if (roll < mix[k]) return pick(rng, *kinds[k]);
    roll -= mix[k];
  }
  return pick(rng, ascii_atoms);
}

TEST(segments_property, agrees_with_the_reference_at_every_length) {
  std::mt19937 rng(20260325);
  constexpr int texts = 2500;
  std::size_t compared = 0;
  for (int t = 0; t < texts; ++t) {
    const auto& mix = mixes[t % 5];
    const std::size_t length = std::uniform_int_distribution<std::size_t>(1, 360)(rng);
    std::vector<const std::u16string*> atoms;
    for (std::size_t i = 0; i < length; ++i) atoms.push_back(&random_atom(rng, mix));

    // Every prefix: the counts cross each boundary (70/67, 160/153 and their multiples).
    std::vector<atom_info> prefix;
    std::string body;
    for (std::size_t n = 0; n <= atoms.size(); ++n) {
      if (n > 0) {
        prefix.push_back(describe(*atoms[n - 1]));
        body += to_utf8(*atoms[n - 1]);
      }
      const reference_count expected = reference(prefix);
      const segment_count actual = count_segments(body);
      ++compared;
      ASSERT_EQ(actual.encoding == sms_encoding::gsm7, expected.gsm) << body;
      ASSERT_EQ(actual.segments, expected.segments) << body;
      ASSERT_EQ(actual.units, expected.units) << body;
      ASSERT_EQ(actual.characters, expected.characters) << body;
      ASSERT_EQ(actual.units_per_segment, expected.units_per_segment) << body;
      ASSERT_EQ(actual.remaining_in_segment, expected.remaining) << body;

      const auto pieces = split_segments(body);
      ASSERT_EQ(pieces.size(), expected.segments) << body;
      for (std::size_t s = 1; s < pieces.size(); ++s) {
        const auto start = static_cast<std::size_t>(pieces[s].data() - body.data());
        ASSERT_EQ(start, expected.segment_starts[s - 1]) << body;
      }
    }
  }
  EXPECT_GT(compared, 400'000u);
}

}  // namespace
}  // namespace crm::domain
