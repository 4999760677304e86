// libFuzzer target: segment counting, splitting, smart encoding and cost on arbitrary bytes.
#include "domain/message_cost.hpp"
#include "domain/segment_report.hpp"
#include "domain/smart_encoding.hpp"
#include "domain/sms_segments.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crm::domain;
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  const segment_count count = count_segments(body);
  if ((count.segments == 0) != body.empty()) std::abort();
  if (count.remaining_in_segment > count.units_per_segment) std::abort();
  if (count.characters > count.units) std::abort();
  if (count.encoding == sms_encoding::gsm7 && !is_gsm7(body)) std::abort();

  // The pieces are the body, in order, one per segment, none empty.
  const auto pieces = split_segments(body);
  if (pieces.size() != count.segments) std::abort();
  std::size_t offset = 0;
  for (auto piece : pieces) {
    if (piece.empty() || piece.data() != body.data() + offset) std::abort();
    offset += piece.size();
  }
  if (offset != body.size()) std::abort();

  // Smart encoding is idempotent and never invents bytes that are not UTF-8.
  const std::string smart = smart_encode(body);
  if (smart_encode(smart) != smart) std::abort();
  const segment_report report = report_segments(body);
  if (report.smart_encoded.body != smart) std::abort();
  if (report.count.segments != count.segments) std::abort();

  const auto cost = estimate_cost(body, size % 2 == 1, 1 + size % 1000);
  if (cost.total_micros < 0) std::abort();
  return 0;
}
