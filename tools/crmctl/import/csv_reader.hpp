#pragma once
// An RFC 4180 CSV reader over text in memory: comma-separated fields, fields in double quotes
// may hold commas, line breaks and doubled quotes; records end with CRLF, LF or CR. A UTF-8
// byte order mark before the first record is skipped, and empty lines are skipped.
//
// Broken quoting does not stop the reader: the record is returned with an error, and reading
// resumes on the next line (after a quoted field that never closes, on the line after the one
// the record started on), so one bad row costs that row, not the rest of the file.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::cli {

/// One record of the file.
struct csv_record {
  std::vector<std::string> fields;
  int line = 0;       ///< the line it starts on, from 1
  std::string error;  ///< why it is malformed; empty when it is well-formed
};

/// Reads records one at a time from `text`, which must outlive the reader.
class csv_reader {
public:
  explicit csv_reader(std::string_view text);

  /// The next record, or nullopt after the last.
  std::optional<csv_record> next();

  /// How many records next() has returned.
  int records_read() const { return records_; }

private:
  bool at_line_end() const;
  void skip_line_end();
  void skip_rest_of_line();
  void resume_after(std::size_t start, int start_line);

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int records_ = 0;
};

}  // namespace crm::cli
