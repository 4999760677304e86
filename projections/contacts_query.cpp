#include "projections/contacts_query.hpp"

#include <algorithm>
#include <cctype>

#include "domain/phone_number.hpp"

namespace crm::projections {
namespace {

// One WHERE for the page and the count. An empty parameter disables its filter; exec_params
// plans with the actual values, so disabled filters fold away and the indexes stay usable.
constexpr const char* contact_where =
    " WHERE ($1 = '' OR search_text LIKE $1) AND ($2 = '' OR status = $2) "
    "AND ($3 = '' OR tags @> ARRAY[$3]) AND ($4 = '' OR sms_opt_in = ($4 = 'true')) ";

const std::string select_contact_page =
    std::string("SELECT coalesce(jsonb_agg(doc ORDER BY created_at DESC, id DESC), '[]')::text FROM "
                "(SELECT doc, created_at, id FROM contacts_view") +
    contact_where + "ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6) page";

const std::string count_contacts = std::string("SELECT count(*) FROM contacts_view") + contact_where;

constexpr const char* select_contact = "SELECT doc::text FROM contacts_view WHERE id = $1::uuid";

std::string like_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// A term made of digits and phone punctuation searches the digits; anything else searches
// names and email, lower-cased (search_text is lower-cased the same way).
std::string search_pattern(const std::string& term) {
  std::string trimmed = term;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
  if (trimmed.empty()) return "";
  bool phone_like = std::all_of(trimmed.begin(), trimmed.end(), [](unsigned char c) {
    return std::isdigit(c) || c == '+' || c == '-' || c == '(' || c == ')' || c == '.' || c == ' ';
  });
  std::string needle = phone_like ? domain::digits_of(trimmed) : trimmed;
  if (needle.empty()) return "";
  std::transform(needle.begin(), needle.end(), needle.begin(), [](unsigned char c) { return std::tolower(c); });
  return "%" + like_escape(needle) + "%";
}

}  // namespace

std::string list_contacts_members(pqxx::connection& connection, const contact_filter& filter) {
  auto pattern = search_pattern(filter.search);
  std::string opt_in = filter.sms_opt_in ? (*filter.sms_opt_in ? "true" : "false") : "";
  pqxx::read_transaction tx(connection);
  auto page = tx.exec_params1(select_contact_page, pattern, filter.status, filter.tag, opt_in, filter.limit, filter.skip);
  auto total = tx.exec_params1(count_contacts, pattern, filter.status, filter.tag, opt_in)[0].as<long long>();
  bool has_more = filter.skip + filter.limit < total;
  return std::string("\"contacts\":") + page[0].c_str() + ",\"pagination\":{\"total\":" + std::to_string(total) +
         ",\"limit\":" + std::to_string(filter.limit) + ",\"skip\":" + std::to_string(filter.skip) +
         ",\"hasMore\":" + (has_more ? "true" : "false") + "}";
}

std::optional<std::string> find_contact(pqxx::connection& connection, const std::string& id) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_contact, id);
  if (rows.empty()) return std::nullopt;
  return std::string(rows[0][0].c_str());
}

}  // namespace crm::projections
