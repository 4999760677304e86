#pragma once
// User-perceived characters (grapheme clusters) of a UTF-8 text, so that a segment split never
// separates an emoji from its skin tone, a flag's two halves, a ZWJ family, or a letter from
// its combining accent. The rules are UAX #29's, with the character properties approximated
// by ranges (docs/domain.md lists what is covered).

#include <cstddef>
#include <string_view>

namespace crm::domain {

/// One user-perceived character: its bytes [begin, end) in the text and its UTF-16 size.
struct grapheme_cluster {
  std::size_t begin = 0;
  std::size_t end = 0;
  unsigned utf16_units = 0;
};

/// The UAX #29 Grapheme_Cluster_Break classes the reader distinguishes.
enum class grapheme_break {
  other,
  cr,
  lf,
  control,
  extend,
  zwj,
  regional_indicator,
  spacing_mark,
  hangul_l,
  hangul_v,
  hangul_t,
  hangul_lv,
  hangul_lvt,
  extended_pictographic,
};

/// The break class of cp (approximated by ranges).
grapheme_break grapheme_break_of(char32_t cp);

/// Reads a UTF-8 text one grapheme cluster at a time; malformed bytes are clusters of U+FFFD.
class grapheme_reader {
public:
  /// Reads from text, which must outlive the reader.
  explicit grapheme_reader(std::string_view text) : text_(text) {}

  /// Reads the next cluster into out; false at the end of the text.
  bool next(grapheme_cluster& out);

private:
  void look_ahead();

  std::string_view text_;
  std::size_t pos_ = 0;  // end of the last cluster returned
  bool has_ahead_ = false;
  char32_t ahead_cp_ = 0;  // the code point at pos_, decoded
  std::size_t ahead_end_ = 0;
  grapheme_break ahead_class_ = grapheme_break::other;
};

}  // namespace crm::domain
