#pragma once
// How many SMS segments a body takes, as Twilio bills it (twilio-contract.md, "Segments and
// encoding"). GSM-7 when every character is in the GSM 03.38 tables (160 septets in one
// segment, else 153 a segment); otherwise UCS-2 (70 UTF-16 units, else 67). A segment boundary
// never falls inside an escape pair, a surrogate pair or a grapheme cluster; only a cluster
// longer than a whole segment is split, between code points.

#include <string_view>
#include <vector>

namespace crm::domain {

/// The two encodings an SMS is sent in.
enum class sms_encoding { gsm7, ucs2 };

/// "GSM-7" or "UCS-2", as the API and Twilio's calculator name them.
const char* encoding_name(sms_encoding encoding);

/// Septets (GSM-7) or UTF-16 units (UCS-2) a segment holds.
struct segment_capacity {
  unsigned single;    ///< when the whole body fits in one segment
  unsigned multiple;  ///< each segment of a longer body (the rest is the concatenation header)
};

/// The capacities of an encoding: 160/153 or 70/67.
segment_capacity capacity_of(sms_encoding encoding);

/// The segment count of a body and what the character counter shows.
struct segment_count {
  sms_encoding encoding = sms_encoding::gsm7;
  unsigned segments = 0;                ///< 0 for an empty body
  unsigned characters = 0;              ///< GSM-7: characters; UCS-2: grapheme clusters
  unsigned units = 0;                   ///< septets (GSM-7) or UTF-16 code units (UCS-2)
  unsigned units_per_segment = 160;     ///< capacity of a segment at this length
  unsigned remaining_in_segment = 160;  ///< units still free in the last segment
};

/// Counts the segments of a UTF-8 body; malformed bytes count as U+FFFD.
segment_count count_segments(std::string_view body);

/// The body cut where the segments end: each piece is one segment's text (views into body).
std::vector<std::string_view> split_segments(std::string_view body);

/// Whether every character of body is in the GSM-7 tables.
bool is_gsm7(std::string_view body);

}  // namespace crm::domain
