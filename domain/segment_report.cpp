#include "domain/segment_report.hpp"

#include "domain/smart_encoding.hpp"

namespace crm::domain {

segment_report report_segments(std::string_view body) {
  segment_report report;
  report.count = count_segments(body);
  report.smart_encoded.body = smart_encode(body);
  const segment_count smart = count_segments(report.smart_encoded.body);
  report.smart_encoded.encoding = smart.encoding;
  report.smart_encoded.segments = smart.segments;
  return report;
}

}  // namespace crm::domain
