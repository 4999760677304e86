#pragma once
// Writing many rows with COPY (libpqxx's stream_to): the cheapest way into a table, used when a
// rebuild writes a whole replay at once. A copy_field is one column's text, or SQL NULL.

#include <array>
#include <string>

#include <pqxx/pqxx>

#include "projections/recordset_json.hpp"

namespace crm::projections {

/// One column of a COPY row.
struct copy_field {
  bool null = true;
  std::string text;
  copy_field() = default;
  copy_field(const nullable_text& value) : null(!value), text(value.value_or("")) {}  // NOLINT: implicit by design
  copy_field(std::string value) : null(false), text(std::move(value)) {}              // NOLINT
  copy_field(long long value) : null(false), text(std::to_string(value)) {}           // NOLINT
  copy_field(bool value) : null(false), text(value ? "t" : "f") {}                    // NOLINT
};

/// A row in the table's column order (an array: stream_to writes tuple-like rows only).
template <std::size_t columns>
using copy_row = std::array<copy_field, columns>;

}  // namespace crm::projections

namespace pqxx {
/// Lets stream_to write copy_fields, NULL included.
template <>
struct string_traits<crm::projections::copy_field> {
  static constexpr const char* name() noexcept { return "copy_field"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const crm::projections::copy_field& f) { return f.null; }
  static crm::projections::copy_field null() { return {}; }
  static void from_string(const char text[], crm::projections::copy_field& f) { f = std::string(text); }
  static std::string to_string(const crm::projections::copy_field& f) { return f.text; }
};
}  // namespace pqxx
