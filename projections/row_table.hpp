#pragma once
// A read model's table as one list of columns (name, SQL type, member of the row struct), from
// which come every statement and conversion a batch fold needs: the select of the stored rows
// a batch touches, the jsonb_to_recordset upsert, the COPY column list and row, and the row as
// recordset JSON. A column added to the list is added to all of them at once; what each event
// does to a row stays in the projection.

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "projections/copy_rows.hpp"
#include "projections/recordset_json.hpp"

namespace crm::projections {

/// What an upsert does with a column of a row that is already stored.
enum class on_conflict {
  key,     ///< the conflict target (the primary key)
  kept,    ///< the stored value stays
  updated  ///< takes the incoming value
};

/// One column: its name, its type as jsonb_to_recordset declares it ("text", "uuid",
/// "timestamptz", "jsonb", ...) and the row member holding it. Members are nullable_text,
/// std::string, long long or bool; a jsonb column's text is written as JSON, not as a string.
template <class Row, class Member>
struct column {
  const char* name;
  const char* sql_type;
  Member Row::*member;
  on_conflict conflict;
  bool json;  ///< sql_type is jsonb
};

template <class Row, class Member>
column<Row, Member> col(const char* name, const char* sql_type, Member Row::*member,
                        on_conflict conflict = on_conflict::kept) {
  return {name, sql_type, member, conflict, std::strcmp(sql_type, "jsonb") == 0};
}

template <class Row, class... Members>
class row_table {
public:
  static constexpr std::size_t width = sizeof...(Members);

  row_table(const char* table, column<Row, Members>... columns) : table_(table), columns_(columns...) {
    each([&](auto& c) { copy_columns_.emplace_back(c.name); });
  }

  /// `SELECT <every column, as text where it is no text> FROM <table> WHERE <where>`; read()
  /// turns its rows back into Rows. Times come in UTC to the microsecond, as the fold keeps them.
  std::string select_where(const std::string& where) const {
    std::string sql = "SELECT ";
    each([&](auto& c) {
      if (sql.size() > 7) sql += ", ";
      if (is(c, "timestamptz"))
        sql += std::string("to_char(") + c.name + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
      else if (c.json || is(c, "uuid")) sql += std::string(c.name) + "::text";
      else sql += c.name;
    });
    return sql + " FROM " + table_ + " WHERE " + where;
  }

  /// INSERT of the rows in $1 (recordset JSON, write()) with ON CONFLICT on the key column
  /// setting the `updated` columns.
  std::string upsert() const {
    std::string names, declared, key, updates;
    each([&](auto& c) {
      names += (names.empty() ? "" : ", ") + std::string(c.name);
      declared += (declared.empty() ? "" : ", ") + std::string(c.name) + " " + c.sql_type;
      if (c.conflict == on_conflict::key) key = c.name;
      if (c.conflict == on_conflict::updated)
        updates += (updates.empty() ? "" : ", ") + std::string(c.name) + " = EXCLUDED." + c.name;
    });
    return "INSERT INTO " + table_ + " (" + names + ") SELECT " + names + " FROM jsonb_to_recordset($1::jsonb) AS r(" +
           declared + ") ON CONFLICT (" + key + ") DO UPDATE SET " + updates;
  }

  /// A row of select_where()'s result.
  Row read(const pqxx::row& r) const {
    Row row;
    pqxx::row::size_type i = 0;
    each([&](auto& c) { read_field(r[i++], row.*c.member); });
    return row;
  }

  /// Adds `row` to `out`, the input of upsert().
  void write(recordset_json& out, const Row& row) const {
    out.begin_row();
    each([&](auto& c) {
      if (c.json) write_json(out, c.name, row.*c.member);
      else out.column(c.name, row.*c.member);
    });
    out.end_row();
  }

  /// COPY into the table, every column in the list's order, opened at the first row written:
  /// a batch with no row to copy sends no COPY.
  class copy_writer {
  public:
    copy_writer(pqxx::work& tx, const row_table& table) : tx_(tx), table_(table) {}
    void write(const Row& row) {
      if (!out_) out_.emplace(tx_, table_.table_, table_.copy_columns_);
      *out_ << table_.copy_row_of(row);
    }
    /// Ends the COPY; without it the rows are not written.
    void complete() {
      if (out_) out_->complete();
    }

  private:
    pqxx::work& tx_;
    const row_table& table_;
    std::optional<pqxx::stream_to> out_;
  };

  copy_writer copy(pqxx::work& tx) const { return copy_writer(tx, *this); }

  /// `row` as a COPY row, in the list's order.
  copy_row<width> copy_row_of(const Row& row) const {
    return std::apply([&](auto&... c) { return copy_row<width>{copy_field(row.*c.member)...}; }, columns_);
  }

private:
  template <class F>
  void each(F f) const {
    std::apply([&](auto&... c) { (f(c), ...); }, columns_);
  }

  template <class C>
  static bool is(const C& c, const char* type) {
    return std::strcmp(c.sql_type, type) == 0;
  }

  static void read_field(const pqxx::field& f, nullable_text& v) { v = nullable(f); }
  static void read_field(const pqxx::field& f, std::string& v) { v.assign(f.c_str(), f.size()); }
  static void read_field(const pqxx::field& f, long long& v) { v = f.as<long long>(); }
  static void read_field(const pqxx::field& f, bool& v) { v = f.as<bool>(); }

  static void write_json(recordset_json& out, const char* name, const std::string& json) { out.raw_json(name, json); }
  static void write_json(recordset_json& out, const char* name, const nullable_text& json) {
    if (json) out.raw_json(name, *json);
    else out.column(name, json);
  }
  template <class Other>
  static void write_json(recordset_json& out, const char* name, const Other& value) {
    out.column(name, value);
  }

  std::string table_;
  std::tuple<column<Row, Members>...> columns_;
  std::vector<std::string> copy_columns_;
};

/// The table of `columns`, deducing the row and member types.
template <class Row, class... Members>
row_table<Row, Members...> make_row_table(const char* table, column<Row, Members>... columns) {
  return row_table<Row, Members...>(table, columns...);
}

}  // namespace crm::projections
