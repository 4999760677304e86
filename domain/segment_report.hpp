#pragma once
// What POST /api/crm/sms/segments answers: the count of a body as typed and of its
// smart-encoded form, so the composer can show what Smart Encoding would save.

#include "domain/sms_segments.hpp"

#include <string>
#include <string_view>

namespace crm::domain {

/// The body after Smart Encoding and its count.
struct smart_encoded_body {
  std::string body;
  sms_encoding encoding = sms_encoding::gsm7;
  unsigned segments = 0;
};

/// The segment count of a body as typed, and of its smart-encoded form.
struct segment_report {
  segment_count count;
  smart_encoded_body smart_encoded;
  /// Segments Smart Encoding saves on this body (0 when it changes nothing that matters).
  unsigned segments_saved() const {
    return count.segments > smart_encoded.segments ? count.segments - smart_encoded.segments : 0;
  }
};

/// Counts body and its smart-encoded form.
segment_report report_segments(std::string_view body);

}  // namespace crm::domain
