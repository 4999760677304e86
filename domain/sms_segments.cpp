#include "domain/sms_segments.hpp"

#include "domain/grapheme_cluster.hpp"
#include "domain/gsm7.hpp"
#include "domain/utf8.hpp"

namespace crm::domain {
namespace {

// Packs indivisible pieces into segments of one capacity, opening a new segment when the
// next piece does not fit, as Twilio's segment calculator does.
class segment_packer {
public:
  explicit segment_packer(unsigned capacity) : capacity_(capacity) {}

  /// Adds a piece of units; true when it opened a new segment.
  bool add(unsigned units) {
    bool opened = false;
    if (used_ + units > capacity_ && used_ > 0) {
      ++segments_;
      used_ = 0;
      opened = true;
    }
    used_ += units;
    return opened;
  }

  unsigned segments() const { return segments_; }
  unsigned used() const { return used_; }

private:
  unsigned capacity_;
  unsigned segments_ = 1;
  unsigned used_ = 0;
};

// Walks the body in indivisible pieces: GSM characters (an escape pair is one piece) or, in
// UCS-2, grapheme clusters; a cluster longer than a segment is walked per code point, which
// still keeps each surrogate pair whole. f(begin, end, units, starts_character).
template <typename F>
void for_each_piece(std::string_view body, sms_encoding encoding, F&& f) {
  if (encoding == sms_encoding::gsm7) {
    std::size_t pos = 0;
    while (pos < body.size()) {
      std::size_t begin = pos;
      char32_t cp = next_code_point(body, pos);
      f(begin, pos, gsm7_septets(cp), true);
    }
    return;
  }
  const unsigned capacity = capacity_of(sms_encoding::ucs2).multiple;
  grapheme_reader reader(body);
  grapheme_cluster cluster;
  while (reader.next(cluster)) {
    if (cluster.utf16_units <= capacity) {
      f(cluster.begin, cluster.end, cluster.utf16_units, true);
      continue;
    }
    std::size_t pos = cluster.begin;
    bool first = true;
    while (pos < cluster.end) {
      std::size_t begin = pos;
      char32_t cp = next_code_point(body, pos);
      f(begin, pos, utf16_units(cp), first);
      first = false;
    }
  }
}

segment_count finish(sms_encoding encoding, unsigned units, unsigned characters, unsigned packed_segments,
                     unsigned used_in_last) {
  segment_count result;
  result.encoding = encoding;
  result.units = units;
  result.characters = characters;
  const auto capacity = capacity_of(encoding);
  if (units <= capacity.single) {
    result.segments = units == 0 ? 0 : 1;
    result.units_per_segment = capacity.single;
    result.remaining_in_segment = capacity.single - units;
  } else {
    result.segments = packed_segments;
    result.units_per_segment = capacity.multiple;
    result.remaining_in_segment = capacity.multiple - used_in_last;
  }
  return result;
}

// Plain ASCII without extension characters: every piece is one septet, so the count is
// arithmetic. This is most business texts, and the benchmark's hot path.
bool count_simple_ascii(std::string_view body, segment_count& out) {
  for (char c : body) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || gsm7_ascii_septets(byte) != 1) return false;
  }
  const auto capacity = capacity_of(sms_encoding::gsm7);
  const auto length = static_cast<unsigned>(body.size());
  const unsigned segments = (length + capacity.multiple - 1) / capacity.multiple;
  const unsigned used = length - (segments == 0 ? 0 : (segments - 1) * capacity.multiple);
  out = finish(sms_encoding::gsm7, length, length, segments, used);
  return true;
}

}  // namespace

const char* encoding_name(sms_encoding encoding) { return encoding == sms_encoding::gsm7 ? "GSM-7" : "UCS-2"; }

segment_capacity capacity_of(sms_encoding encoding) {
  return encoding == sms_encoding::gsm7 ? segment_capacity{160, 153} : segment_capacity{70, 67};
}

bool is_gsm7(std::string_view body) {
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto byte = static_cast<unsigned char>(body[pos]);
    if (byte < 0x80) {
      if (gsm7_ascii_septets(byte) == 0) return false;
      ++pos;
      continue;
    }
    if (gsm7_septets(next_code_point(body, pos)) == 0) return false;
  }
  return true;
}

segment_count count_segments(std::string_view body) {
  segment_count result;
  if (count_simple_ascii(body, result)) return result;
  const sms_encoding encoding = is_gsm7(body) ? sms_encoding::gsm7 : sms_encoding::ucs2;
  segment_packer packer(capacity_of(encoding).multiple);
  unsigned units = 0;
  unsigned characters = 0;
  for_each_piece(body, encoding, [&](std::size_t, std::size_t, unsigned piece_units, bool starts_character) {
    packer.add(piece_units);
    units += piece_units;
    characters += starts_character ? 1 : 0;
  });
  return finish(encoding, units, characters, packer.segments(), packer.used());
}

std::vector<std::string_view> split_segments(std::string_view body) {
  std::vector<std::string_view> pieces;
  if (body.empty()) return pieces;
  const segment_count count = count_segments(body);
  if (count.segments <= 1) {
    pieces.push_back(body);
    return pieces;
  }
  segment_packer packer(count.units_per_segment);
  std::size_t segment_begin = 0;
  for_each_piece(body, count.encoding, [&](std::size_t begin, std::size_t, unsigned piece_units, bool) {
    if (packer.add(piece_units)) {
      pieces.push_back(body.substr(segment_begin, begin - segment_begin));
      segment_begin = begin;
    }
  });
  pieces.push_back(body.substr(segment_begin));
  return pieces;
}

}  // namespace crm::domain
