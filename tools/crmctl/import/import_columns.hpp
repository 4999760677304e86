#pragma once
// The columns crmctl import-contacts reads (docs/operations.md, "import-contacts"), and which
// column of a file holds which. Header names are matched case-insensitively, ignoring spaces,
// '_', '-' and '.', so "First Name", "first_name" and "firstName" are the same column.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace crm::cli {

/// A column the import knows.
enum class import_column {
  first_name,
  last_name,
  phone,
  email,
  status,
  tags,
  source,
  notes,
  street,
  city,
  state,
  zip,
  sms_opt_in,
  consent_date,
  consent_source,
  consent_ip,
  consent_wording,
  consent_wording_version,
};

inline constexpr std::size_t import_column_count = 18;
static_assert(static_cast<std::size_t>(import_column::consent_wording_version) + 1 == import_column_count);

/// The column's name in the documentation (and in error messages): "firstName", "consentDate"...
const char* column_name(import_column column);

/// Where each known column is in a file's records.
class column_map {
public:
  /// The value of `column` in `record`, empty when the file has no such column.
  const std::string& value(const std::vector<std::string>& record, import_column column) const;
  /// Whether the file has `column`.
  bool has(import_column column) const { return index_[static_cast<std::size_t>(column)].has_value(); }
  /// How many fields every record must have: as many as the header.
  std::size_t width() const { return width_; }
  /// Header names that are no known column, as written.
  const std::vector<std::string>& ignored() const { return ignored_; }

private:
  friend std::variant<column_map, std::string> map_columns(const std::vector<std::string>& header);
  std::array<std::optional<std::size_t>, import_column_count> index_{};
  std::size_t width_ = 0;
  std::vector<std::string> ignored_;
};

/// Maps a header row; the error says why the file cannot be imported (a required column
/// missing, a column twice).
std::variant<column_map, std::string> map_columns(const std::vector<std::string>& header);

}  // namespace crm::cli
