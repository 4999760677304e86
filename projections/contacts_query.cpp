#include "projections/contacts_query.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "domain/phone_number.hpp"

namespace crm::projections {
namespace {

// One prepared statement per combination of filters (and kind of search), so each is planned
// for the conditions it has, once per connection, instead of a generic `($1 = '' OR ...)` text
// planned on every request. Each answers in one round trip and one snapshot: the page
// (limit + 1 rows, the extra one only tells hasMore) with the total on every row.
//
// The total of a filter-only list is a sum over contact_counts (a few rows, kept by the
// projection). A search's total is a count of at most `cap` matches: exact below it, the cap
// above it (the list shows at most a page anyway; hasMore stays exact).

constexpr const char* select_contact = "SELECT doc::text FROM contacts_view WHERE id = $1::uuid";
constexpr const char* select_contact_name = "contacts_find";

constexpr const char* page_select = "SELECT p.doc::text, t.total FROM (SELECT ";
constexpr const char* page_from =
    ") t LEFT JOIN LATERAL (SELECT doc, created_at, id FROM contacts_view WHERE true";
constexpr const char* page_order = " ORDER BY created_at DESC, id DESC LIMIT ";
constexpr const char* page_end = ") p ON true ORDER BY p.created_at DESC, p.id DESC";
constexpr const char* counted_total = "coalesce(sum(contacts), 0) AS total FROM contact_counts WHERE tag = ";
constexpr const char* capped_total = "count(*) AS total FROM (SELECT 1 FROM contacts_view WHERE true";

// Fewer characters than a trigram: no trigram index can narrow it, so do not ask one to (a
// GIN scan that extracts nothing visits every row); walking the newest first finds a page of a
// short needle's many matches quickly.
constexpr size_t min_indexed_needle = 3;

// The smallest count a search's total is exact to.
constexpr int search_count_cap = 1000;

// A search counts this many matches at most: enough to be exact for a short list, and never
// less than the rows up to the end of the page asked for.
int count_cap(const contact_filter& filter) { return std::max(search_count_cap, filter.skip + filter.limit + 1); }

enum class search_kind { none, text, digits };

struct search_term {
  search_kind kind = search_kind::none;
  std::string needle;  ///< lower-cased text, or the digits
};

std::string like_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// A term made of digits and phone punctuation searches the digits (of the number, and of
// names and email, as it always has); anything else searches names and email, lower-cased as
// search_text is.
search_term parse_search(const std::string& term) {
  std::string trimmed = term;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
  if (trimmed.empty()) return {};
  bool phone_like = std::all_of(trimmed.begin(), trimmed.end(), [](unsigned char c) {
    return std::isdigit(c) || c == '+' || c == '-' || c == '(' || c == ')' || c == '.' || c == ' ';
  });
  search_term s;
  s.kind = phone_like ? search_kind::digits : search_kind::text;
  s.needle = phone_like ? domain::digits_of(trimmed) : trimmed;
  if (s.needle.empty()) return {};
  std::transform(s.needle.begin(), s.needle.end(), s.needle.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The statement for one combination, and its parameters in order.
struct list_statement {
  std::string name = "contacts_list";
  std::string sql;
  std::vector<std::string> params;
};

list_statement build_list(const contact_filter& filter, const search_term& search) {
  list_statement s;
  std::string conditions;
  auto param = [&s](std::string value) {
    s.params.push_back(std::move(value));
    return "$" + std::to_string(s.params.size());
  };
  if (search.kind != search_kind::none) {
    bool indexed = search.needle.size() >= min_indexed_needle;
    auto p = param(indexed ? "%" + like_escape(search.needle) + "%" : search.needle);
    auto match = [&](const char* column) {
      return indexed ? std::string(column) + " LIKE " + p : "strpos(" + std::string(column) + ", " + p + ") > 0";
    };
    conditions += search.kind == search_kind::text ? " AND " + match("search_text")
                                                   : " AND (" + match("phone_digits") + " OR " + match("search_text") + ")";
    s.name += search.kind == search_kind::text ? "_text" : "_digits";
    if (!indexed) s.name += "_short";
  }
  if (!filter.status.empty()) {
    conditions += " AND status = " + param(filter.status);
    s.name += "_status";
  }
  if (!filter.tag.empty()) {
    conditions += " AND tags @> ARRAY[" + param(filter.tag) + "]";
    s.name += "_tag";
  }
  if (filter.sms_opt_in) {
    conditions += " AND sms_opt_in = " + param(*filter.sms_opt_in ? "true" : "false") + "::boolean";
    s.name += "_optin";
  }

  std::string total;
  if (search.kind == search_kind::none) {
    // The counts table has every combination under its tag ('' for all contacts).
    total = counted_total + param(filter.tag);
    if (!filter.status.empty()) total += " AND status = " + param(filter.status);
    if (filter.sms_opt_in) total += " AND sms_opt_in = " + param(*filter.sms_opt_in ? "true" : "false") + "::boolean";
  } else {
    total = capped_total + conditions + " LIMIT " + param(std::to_string(count_cap(filter))) + ") matches";
  }
  auto limit = param(std::to_string(filter.limit + 1));
  auto offset = param(std::to_string(filter.skip));
  s.sql = page_select + total + page_from + conditions + page_order + limit + " OFFSET " + offset + page_end;
  return s;
}

}  // namespace

std::string list_contacts_members(pqxx::connection& connection, const contact_filter& filter) {
  auto search = parse_search(filter.search);
  auto statement = build_list(filter, search);
  // Defining a statement again with the same text is a no-op; libpqxx prepares it on first use
  // on this connection (and again after a reconnect).
  connection.prepare(statement.name, statement.sql);
  pqxx::nontransaction tx(connection);
  auto rows = tx.exec_prepared(statement.name, pqxx::prepare::make_dynamic_params(statement.params));
  long long total = rows.empty() ? 0 : rows[0][1].as<long long>();
  std::string contacts = "[";
  int shown = 0;
  for (auto row : rows) {
    if (row[0].is_null() || shown == filter.limit) continue;
    if (shown++) contacts += ',';
    contacts += row[0].c_str();
  }
  contacts += ']';
  bool has_more = static_cast<int>(rows.size()) > filter.limit && !rows[0][0].is_null();
  bool capped = search.kind != search_kind::none && total >= count_cap(filter);
  return "\"contacts\":" + contacts + ",\"pagination\":{\"total\":" + std::to_string(total) +
         ",\"limit\":" + std::to_string(filter.limit) + ",\"skip\":" + std::to_string(filter.skip) +
         ",\"hasMore\":" + (has_more ? "true" : "false") + ",\"totalCapped\":" + (capped ? "true" : "false") + "}";
}

std::optional<std::string> find_contact(pqxx::connection& connection, const std::string& id) {
  connection.prepare(select_contact_name, select_contact);
  pqxx::nontransaction tx(connection);
  auto rows = tx.exec_prepared(select_contact_name, id);
  if (rows.empty()) return std::nullopt;
  return std::string(rows[0][0].c_str());
}

}  // namespace crm::projections
