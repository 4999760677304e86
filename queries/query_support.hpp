#pragma once
// What the queries share: named statements, the pagination member, LIKE patterns and JSON strings.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include <pqxx/pqxx>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventlog/prepared_sql.hpp"

namespace crm::queries {

/// A named statement, prepared on each connection the first time it runs there: planning the
/// list statements costs more than running them (docs/benchmarks.md).
struct statement {
  std::string name;
  std::string sql;
};

template <class... Args>
pqxx::result run(pqxx::transaction_base& tx, const statement& s, Args&&... args) {
  return eventlog::exec_prepared_sql(tx, s.name.c_str(), s.sql, std::forward<Args>(args)...);
}

/// `,"pagination":{...}` for a page of `limit` rows after `skip` of `total`.
inline std::string pagination(long long total, int limit, int skip) {
  return ",\"pagination\":{\"total\":" + std::to_string(total) + ",\"limit\":" + std::to_string(limit) +
         ",\"skip\":" + std::to_string(skip) + ",\"hasMore\":" + (skip + limit < total ? "true" : "false") + "}";
}

/// `%text%` for LIKE, with LIKE's own characters escaped; "" for "".
inline std::string like_pattern(const std::string& text) {
  if (text.empty()) return "";
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}

inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

/// `text` as a JSON string, quotes included, by RapidJSON's writer: control characters are
/// escaped, so text from a request or the log never breaks the answer's JSON.
inline std::string json_string(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace crm::queries
