// The contact list. One prepared statement per combination of filters and kind of search, so
// each is planned for the conditions it has, once per connection, instead of a generic
// `($1 = '' OR ...)` text planned on every request. Each answers in one round trip and one
// snapshot: the page (limit + 1 rows, the extra one only tells hasMore) with the total on every
// row. How the total and the page are found depends on what is asked:
//
//  - no search: the total is a sum over contact_counts (kept by the projection), the page an
//    index scan of the filter's index;
//  - digits (3 or more): the matches come from contact_phone_suffixes (a range scan) and the
//    trigram index of names and email, up to `digit_candidates` of them; below that they are
//    all there is, so the total is exact and the page is their newest. Above it the matches are
//    dense and a second statement walks the newest contacts, which finds a page quickly;
//  - names or email (3 or more characters): the trigram index, a count stopped at the cap;
//  - 1 or 2 characters: no index can narrow them (they match most contacts), so the newest
//    contacts are walked, and the count stops at the cap.

#include "queries/contacts_list.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "domain/phone_number.hpp"

namespace crm::queries {
namespace {

constexpr const char* page_head = "SELECT p.doc::text, t.total, t.truncated FROM (SELECT ";
constexpr const char* page_walk =
    ") t LEFT JOIN LATERAL (SELECT c.doc, c.created_at, c.id FROM contacts_view c WHERE true";
constexpr const char* page_order = " ORDER BY c.created_at DESC, c.id DESC LIMIT ";
constexpr const char* page_tail = ") p ON true ORDER BY p.created_at DESC, p.id DESC";
constexpr const char* counted_total =
    "coalesce(sum(contacts), 0) AS total, false AS truncated FROM contact_counts WHERE tag = ";
constexpr const char* capped_total =
    "count(*) AS total, false AS truncated FROM (SELECT 1 FROM contacts_view c WHERE true";

// Candidates of a digit search: suffix matches and name/email matches, each branch stopped at
// $limit rows; `truncated` says a branch stopped, so the set may not be all of them.
constexpr const char* digit_candidates_head =
    "WITH s AS MATERIALIZED (SELECT x.contact_id AS id, x.created_at FROM contact_phone_suffixes x";
constexpr const char* digit_candidates_page =
    "d AS MATERIALIZED (SELECT id, created_at FROM s UNION SELECT id, created_at FROM n), "
    "k AS (SELECT (SELECT count(*) FROM d) AS total, ";
constexpr const char* digit_candidates_tail = ") p ON true ORDER BY p.created_at DESC, p.id DESC";

// A name, email or short search counts this many matches at most; never fewer than the rows up
// to the end of the page asked for.
constexpr int search_count_cap = 1000;
// A digit search collects this many candidates per branch (fewer with filters, which cost a
// look-up of the contact each); more than that and walking the newest contacts is quicker.
constexpr int digit_candidates = 5000;
constexpr int digit_candidates_filtered = 1000;
// Fewer characters than a trigram: no trigram index can narrow them, and a GIN scan that
// extracts nothing visits every row.
constexpr size_t min_indexed_needle = 3;

int count_cap(const contact_filter& filter) { return std::max(search_count_cap, filter.skip + filter.limit + 1); }

enum class search_kind { none, text, digits };

struct search_term {
  search_kind kind = search_kind::none;
  std::string needle;  ///< lower-cased text, or the digits
  bool indexed() const { return needle.size() >= min_indexed_needle; }
};

std::string like_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// A term made of digits and phone punctuation searches the digits (of the number, and of names
// and email, as it always has); anything else searches names and email, lower-cased as
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

// A statement being built: its name grows with its shape, its parameters are numbered in order.
struct statement {
  std::string name = "contacts";
  std::string sql;
  std::vector<std::string> params;
  std::string param(std::string value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  }
};

// The filters other than the search, on contacts_view aliased `c`.
std::string filter_conditions(statement& s, const contact_filter& filter) {
  std::string conditions;
  if (!filter.status.empty()) {
    conditions += " AND c.status = " + s.param(filter.status);
    s.name += "_status";
  }
  if (!filter.tag.empty()) {
    conditions += " AND c.tags @> ARRAY[" + s.param(filter.tag) + "]";
    s.name += "_tag";
  }
  if (filter.sms_opt_in) {
    conditions += " AND c.sms_opt_in = " + s.param(*filter.sms_opt_in ? "true" : "false") + "::boolean";
    s.name += "_optin";
  }
  return conditions;
}

// A search by substring without an index (strpos, so the planner cannot try a trigram scan).
std::string walked_search(statement& s, const search_term& search) {
  auto p = s.param(search.needle);
  s.name += search.kind == search_kind::text ? "_walk_text" : "_walk_digits";
  return search.kind == search_kind::text
             ? " AND strpos(c.search_text, " + p + ") > 0"
             : " AND (strpos(c.phone_digits, " + p + ") > 0 OR strpos(c.search_text, " + p + ") > 0)";
}

std::string page_limits(statement& s, const contact_filter& filter) {
  auto limit = s.param(std::to_string(filter.limit + 1));
  return limit + " OFFSET " + s.param(std::to_string(filter.skip));
}

// No search: the total from contact_counts.
statement counted_list(const contact_filter& filter) {
  statement s;
  auto conditions = filter_conditions(s, filter);
  std::string total = counted_total + s.param(filter.tag);
  if (!filter.status.empty()) total += " AND status = " + s.param(filter.status);
  if (filter.sms_opt_in) total += " AND sms_opt_in = " + s.param(*filter.sms_opt_in ? "true" : "false") + "::boolean";
  s.sql = page_head + total + page_walk + conditions + page_order + page_limits(s, filter) + page_tail;
  return s;
}

// Names and email by trigram, or a short needle walked; the count stops at the cap.
statement capped_list(const contact_filter& filter, const search_term& search) {
  statement s;
  std::string match;
  if (search.indexed() && search.kind == search_kind::text) {
    match = " AND c.search_text LIKE " + s.param("%" + like_escape(search.needle) + "%");
    s.name += "_text";
  } else {
    match = walked_search(s, search);
  }
  auto conditions = match + filter_conditions(s, filter);
  auto total = capped_total + conditions + " LIMIT " + s.param(std::to_string(count_cap(filter))) + ") matches";
  s.sql = page_head + total + page_walk + conditions + page_order + page_limits(s, filter) + page_tail;
  return s;
}

// Dense digits: the newest contacts walked, the total already counted (a lower bound).
statement walked_digits_list(const contact_filter& filter, const search_term& search, long long counted) {
  statement s;
  s.name += "_dense";
  auto conditions = walked_search(s, search) + filter_conditions(s, filter);
  auto total = s.param(std::to_string(counted)) + "::bigint AS total, true AS truncated";
  s.sql = page_head + total + page_walk + conditions + page_order + page_limits(s, filter) + page_tail;
  return s;
}

// Digits: the candidates from the suffix index and the name/email trigrams, their newest as the page.
statement digit_list(const contact_filter& filter, const search_term& search) {
  statement s;
  s.name += "_digits";
  auto from = s.param(search.needle);
  auto to = search.needle;
  ++to.back();  // digits: '9' + 1 is ':', still after every digit in the "C" collation
  auto below = s.param(to);
  auto like = s.param("%" + search.needle + "%");
  auto conditions = filter_conditions(s, filter);
  bool filtered = !conditions.empty();
  auto limit = s.param(std::to_string(filtered ? digit_candidates_filtered : digit_candidates));
  std::string sql = digit_candidates_head;
  if (filtered) sql += " JOIN contacts_view c ON c.id = x.contact_id";
  sql += " WHERE x.suffix >= " + from + " AND x.suffix < " + below + conditions + " LIMIT " + limit + "), ";
  sql += "n AS MATERIALIZED (SELECT c.id, c.created_at FROM contacts_view c WHERE c.search_text LIKE " + like +
         conditions + " LIMIT " + limit + "), ";
  sql += digit_candidates_page;
  sql += "(SELECT count(*) FROM s) = " + limit + "::bigint OR (SELECT count(*) FROM n) = " + limit +
         "::bigint AS truncated) ";
  sql +=
      "SELECT p.doc::text, k.total, k.truncated FROM k LEFT JOIN LATERAL (SELECT c.doc, top.created_at, top.id FROM "
      "(SELECT id, created_at FROM d ORDER BY created_at DESC, id DESC LIMIT " +
      page_limits(s, filter) + ") top JOIN contacts_view c ON c.id = top.id WHERE NOT k.truncated";
  s.sql = sql + digit_candidates_tail;
  return s;
}

pqxx::result run(pqxx::connection& connection, const statement& s) {
  // Defining a statement again with the same text is a no-op; libpqxx prepares it on first use
  // on this connection (and again after a reconnect).
  connection.prepare(s.name, s.sql);
  pqxx::nontransaction tx(connection);
  return tx.exec_prepared(s.name, pqxx::prepare::make_dynamic_params(s.params));
}

}  // namespace

std::string list_contacts_members(pqxx::connection& connection, const contact_filter& filter) {
  auto search = parse_search(filter.search);
  pqxx::result rows;
  bool capped = false;
  if (search.kind == search_kind::none) {
    rows = run(connection, counted_list(filter));
  } else if (search.kind == search_kind::digits && search.indexed()) {
    rows = run(connection, digit_list(filter, search));
    if (rows[0][2].as<bool>()) rows = run(connection, walked_digits_list(filter, search, rows[0][1].as<long long>()));
    capped = rows[0][2].as<bool>();
  } else {
    rows = run(connection, capped_list(filter, search));
    capped = rows[0][1].as<long long>() >= count_cap(filter);
  }
  long long total = rows[0][1].as<long long>();
  std::string contacts = "[";
  int shown = 0;
  for (auto row : rows) {
    if (row[0].is_null() || shown == filter.limit) continue;
    if (shown++) contacts += ',';
    contacts += row[0].c_str();
  }
  contacts += ']';
  bool has_more = static_cast<int>(rows.size()) > filter.limit;
  // A capped total is a lower bound: at least the rows up to this page, and one more if any.
  if (capped) total = std::max<long long>(total, filter.skip + shown + (has_more ? 1 : 0));
  return "\"contacts\":" + contacts + ",\"pagination\":{\"total\":" + std::to_string(total) +
         ",\"limit\":" + std::to_string(filter.limit) + ",\"skip\":" + std::to_string(filter.skip) +
         ",\"hasMore\":" + (has_more ? "true" : "false") + ",\"totalCapped\":" + (capped ? "true" : "false") + "}";
}

}  // namespace crm::queries
