#include "domain/grapheme_cluster.hpp"

#include "domain/utf8.hpp"

#include <algorithm>
#include <vector>

namespace crm::domain {
namespace {

struct range {
  char32_t first;
  char32_t last;
};

// Nonspacing and enclosing marks of the scripts a US CRM meets, variation selectors, emoji
// modifiers and tag characters (Extend in UAX #29).
constexpr range extend_ranges[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489},   {0x0591, 0x05BD},   {0x05BF, 0x05BF},   {0x05C1, 0x05C2}, {0x05C4, 0x05C5},
    {0x05C7, 0x05C7}, {0x0610, 0x061A},   {0x064B, 0x065F},   {0x0670, 0x0670},   {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
    {0x06E7, 0x06E8}, {0x06EA, 0x06ED},   {0x0900, 0x0902},   {0x093A, 0x093A},   {0x093C, 0x093C}, {0x0941, 0x0948},
    {0x094D, 0x094D}, {0x0951, 0x0957},   {0x0962, 0x0963},   {0x0981, 0x0981},   {0x09BC, 0x09BC}, {0x09C1, 0x09C4},
    {0x09CD, 0x09CD}, {0x0E31, 0x0E31},   {0x0E34, 0x0E3A},   {0x0E47, 0x0E4E},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200C, 0x200C}, {0x20D0, 0x20FF},   {0x302A, 0x302F},   {0x3099, 0x309A},   {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
    {0xFF9E, 0xFF9F}, {0x1F3FB, 0x1F3FF}, {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

constexpr range spacing_mark_ranges[] = {
    {0x0903, 0x0903}, {0x093B, 0x093B}, {0x093E, 0x0940}, {0x0949, 0x094C}, {0x094E, 0x094F},
    {0x0982, 0x0983}, {0x09BF, 0x09C0}, {0x09C7, 0x09C8}, {0x09CB, 0x09CC}, {0x0E33, 0x0E33},
};

constexpr range control_ranges[] = {
    {0x0000, 0x001F}, {0x007F, 0x009F},   {0x00AD, 0x00AD},   {0x061C, 0x061C},   {0x180E, 0x180E},
    {0x200B, 0x200B}, {0x200E, 0x200F},   {0x2028, 0x202E},   {0x2060, 0x206F},   {0xFEFF, 0xFEFF},
    {0xFFF0, 0xFFFB}, {0xE0000, 0xE001F}, {0xE0080, 0xE00FF}, {0xE01F0, 0xE0FFF},
};

constexpr range pictographic_ranges[] = {
    {0x00A9, 0x00A9},   {0x00AE, 0x00AE},   {0x203C, 0x203C},   {0x2049, 0x2049}, {0x2122, 0x2122}, {0x2139, 0x2139},
    {0x2194, 0x2199},   {0x21A9, 0x21AA},   {0x231A, 0x231B},   {0x2328, 0x2328}, {0x2388, 0x2388}, {0x23CF, 0x23CF},
    {0x23E9, 0x23F3},   {0x23F8, 0x23FA},   {0x24C2, 0x24C2},   {0x25AA, 0x25AB}, {0x25B6, 0x25B6}, {0x25C0, 0x25C0},
    {0x25FB, 0x25FE},   {0x2600, 0x27BF},   {0x2934, 0x2935},   {0x2B05, 0x2B07}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50},
    {0x2B55, 0x2B55},   {0x3030, 0x3030},   {0x303D, 0x303D},   {0x3297, 0x3297}, {0x3299, 0x3299}, {0x1F000, 0x1F1E5},
    {0x1F200, 0x1F3FA}, {0x1F400, 0x1FAFF}, {0x1FC00, 0x1FFFD},
};

// GB11 needs to know whether a ZWJ follows a pictograph (with only Extend in between).
enum class emoji_state { none, pictograph, pictograph_zwj };

bool joins(grapheme_break before, grapheme_break after, emoji_state emoji, unsigned regional_run) {
  using gb = grapheme_break;
  if (before == gb::cr && after == gb::lf) return true;                             // GB3
  if (before == gb::cr || before == gb::lf || before == gb::control) return false;  // GB4
  if (after == gb::cr || after == gb::lf || after == gb::control) return false;     // GB5
  if (before == gb::hangul_l &&
      (after == gb::hangul_l || after == gb::hangul_v || after == gb::hangul_lv || after == gb::hangul_lvt)) {
    return true;  // GB6
  }
  if ((before == gb::hangul_lv || before == gb::hangul_v) && (after == gb::hangul_v || after == gb::hangul_t)) {
    return true;  // GB7
  }
  if ((before == gb::hangul_lvt || before == gb::hangul_t) && after == gb::hangul_t) return true;
  if (after == gb::extend || after == gb::zwj || after == gb::spacing_mark) return true;  // GB9
  if (emoji == emoji_state::pictograph_zwj && after == gb::extended_pictographic) return true;
  if (before == gb::regional_indicator && after == gb::regional_indicator) {
    return regional_run % 2 == 1;  // GB12
  }
  return false;  // GB999
}

emoji_state next_emoji_state(emoji_state state, grapheme_break cls) {
  switch (cls) {
    case grapheme_break::extended_pictographic: return emoji_state::pictograph;
    case grapheme_break::extend: return state == emoji_state::pictograph ? state : emoji_state::none;
    case grapheme_break::zwj: return state == emoji_state::pictograph ? emoji_state::pictograph_zwj : emoji_state::none;
    default: return emoji_state::none;
  }
}

struct classified_range {
  char32_t first;
  char32_t last;
  grapheme_break cls;
};

// Every range in one table sorted by start, searched in O(log n); built once. The class
// tables above stay separate because that is how UAX #29 states them.
const std::vector<classified_range>& break_table() {
  static const std::vector<classified_range> table = [] {
    std::vector<classified_range> all;
    auto add = [&](const auto& ranges, grapheme_break cls) {
      for (const auto& r : ranges) all.push_back({r.first, r.last, cls});
    };
    constexpr range zwj[] = {{0x200D, 0x200D}};
    constexpr range regional[] = {{0x1F1E6, 0x1F1FF}};
    constexpr range hangul_l[] = {{0x1100, 0x115F}, {0xA960, 0xA97C}};
    constexpr range hangul_v[] = {{0x1160, 0x11A7}, {0xD7B0, 0xD7C6}};
    constexpr range hangul_t[] = {{0x11A8, 0x11FF}, {0xD7CB, 0xD7FB}};
    add(control_ranges, grapheme_break::control);
    add(extend_ranges, grapheme_break::extend);
    add(spacing_mark_ranges, grapheme_break::spacing_mark);
    add(pictographic_ranges, grapheme_break::extended_pictographic);
    add(zwj, grapheme_break::zwj);
    add(regional, grapheme_break::regional_indicator);
    add(hangul_l, grapheme_break::hangul_l);
    add(hangul_v, grapheme_break::hangul_v);
    add(hangul_t, grapheme_break::hangul_t);
    std::sort(all.begin(), all.end(),
              [](const classified_range& a, const classified_range& b) { return a.first < b.first; });
    return all;
  }();
  return table;
}

}  // namespace

grapheme_break grapheme_break_of(char32_t cp) {
  using gb = grapheme_break;
  // Latin text and CJK ideographs are most of what is counted; answer them without a search.
  if (cp >= 0x20 && cp < 0x7F) return gb::other;
  if (cp == '\r') return gb::cr;
  if (cp == '\n') return gb::lf;
  if (cp < 0x300) {
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD) return gb::control;
    return cp == 0xA9 || cp == 0xAE ? gb::extended_pictographic : gb::other;
  }
  if (cp >= 0x3400 && cp <= 0x9FFF) return gb::other;
  if (cp >= 0xAC00 && cp <= 0xD7A3) {
    return (cp - 0xAC00) % 28 == 0 ? gb::hangul_lv : gb::hangul_lvt;
  }
  const auto& table = break_table();
  auto after = std::upper_bound(table.begin(), table.end(), cp,
                                [](char32_t key, const classified_range& r) { return key < r.first; });
  if (after == table.begin()) return gb::other;
  --after;
  return cp <= after->last ? after->cls : gb::other;
}

void grapheme_reader::look_ahead() {
  std::size_t end = pos_;
  ahead_cp_ = next_code_point(text_, end);
  ahead_end_ = end;
  ahead_class_ = grapheme_break_of(ahead_cp_);
  has_ahead_ = true;
}

bool grapheme_reader::next(grapheme_cluster& out) {
  if (!has_ahead_) {
    if (pos_ >= text_.size()) return false;
    look_ahead();
  }
  out.begin = pos_;
  out.utf16_units = 0;
  grapheme_break before = ahead_class_;
  emoji_state emoji = emoji_state::none;
  unsigned regional_run = 0;
  // Each code point is decoded and classified once: the one that ends a cluster stays in
  // ahead_* and starts the next.
  for (bool first = true;; first = false) {
    if (!first && !joins(before, ahead_class_, emoji, regional_run)) break;
    pos_ = ahead_end_;
    has_ahead_ = false;
    out.utf16_units += utf16_units(ahead_cp_);
    emoji = next_emoji_state(emoji, ahead_class_);
    regional_run = ahead_class_ == grapheme_break::regional_indicator ? regional_run + 1 : 0;
    before = ahead_class_;
    if (pos_ >= text_.size()) break;
    look_ahead();
  }
  out.end = pos_;
  return true;
}

}  // namespace crm::domain
