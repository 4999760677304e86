// The conversation list and its search: one statement a request, run without BEGIN and COMMIT
// (one statement sees one snapshot anyway, and each round trip is a wait to be scheduled).

#include "queries/conversations_list.hpp"

#include <cctype>
#include <mutex>
#include <optional>

#include "domain/phone_number.hpp"
#include "queries/query_support.hpp"

namespace crm::queries {
namespace {

// The page's rows are chosen on conversations_view alone (the 50 numbers in the
// order of conversations_view_listed, an index-only walk even for skip=5000; or among the few a
// search found), and only those are joined to their rows and contacts and turned into JSON.
constexpr const char* conversation_json =
    "jsonb_build_object('phoneNumber', c.phone, 'threadId', 'thread-' || c.phone, "
    "'contact', CASE WHEN k.id IS NULL THEN NULL ELSE jsonb_build_object('_id', k.id, 'firstName', k.first_name, "
    "'lastName', k.last_name, 'phone', k.phone, 'preferences', k.doc -> 'preferences') END, "
    "'lastMessage', jsonb_build_object('body', c.last_body, 'direction', c.last_direction, 'status', c.last_status, "
    "'createdAt', crm_iso(c.last_at)), 'unreadCount', c.unread_count, 'messageCount', c.message_count, "
    "'optInStatus', c.opt_in_status, 'stoppedByKeyword', c.stopped_by_keyword, "
    "'possibleOptOut', c.possible_opt_out::jsonb)";
constexpr const char* conversation_columns =
    "c.phone, c.contact_id, c.last_body, c.last_direction, c.last_status, c.last_at, c.unread_count, "
    "c.message_count, c.opt_in_status, c.stopped_by_keyword, c.possible_opt_out";
constexpr const char* recency = "last_at DESC NULLS LAST, phone";

const std::string page_json = std::string("coalesce(jsonb_agg(") + conversation_json +
                              " ORDER BY c.last_at DESC NULLS LAST, c.phone), '[]')::text";

// The total changes only when the projection moves its checkpoint, which it does in the
// transaction of its rows: (database, table, checkpoint) names one state of the table, so its
// count can be kept until the checkpoint moves. The table's oid changes when crmctl rebuild
// swaps a rebuilt table in. The page statement reads the state in its own snapshot.
constexpr const char* conversations_state =
    "current_database()::text || '/' || 'conversations_view'::regclass::oid::text, "
    "(SELECT position FROM projection_checkpoints WHERE projection = 'conversations')";
const statement select_conversation_page{
    "conversations_page",
    std::string("WITH page AS (SELECT phone FROM conversations_view WHERE message_count > 0 ORDER BY ") + recency +
        " LIMIT $1 OFFSET $2) SELECT (SELECT " + page_json +
        " FROM page JOIN conversations_view c ON c.phone = page.phone LEFT JOIN contacts_view k ON k.id = "
        "c.contact_id), " +
        conversations_state};
const statement count_conversations{
    "conversations_count",
    std::string("SELECT ") + conversations_state + ", count(*) FROM conversations_view WHERE message_count > 0"};

// Search: each kind of match through its own index, OR'ed as bitmaps on conversations_view:
// names and email through contacts_view's trigram index to contact ids (= ANY on
// conversations_view_contact), digits through conversation_phones_digits (on ltrim(phone, '+'),
// migration 0014) to numbers (= ANY on the primary key), message text
// through messages_view_body to numbers (= ANY on the primary key). The ARRAY(...) forms keep
// the planner from hashing all of conversations_view to join a few hundred rows. The matches
// are ordered by recency; only the page is joined to contacts and rendered.
statement conversation_search(bool digits, bool text) {
  std::string match = "c.contact_id = ANY (ARRAY(SELECT id FROM contacts_view WHERE search_text LIKE $1))";
  if (digits)
    match += " OR c.phone = ANY (ARRAY(SELECT phone FROM conversation_phones WHERE ltrim(phone, '+') LIKE $4))";
  if (text)
    match += " OR c.phone = ANY (ARRAY(SELECT DISTINCT thread_phone FROM messages_view WHERE lower(body) LIKE $1))";
  return {std::string("conversations_search") + (digits ? "_digits" : "") + (text ? "_text" : ""),
          std::string("WITH matched AS MATERIALIZED (SELECT ") + conversation_columns +
              " FROM conversations_view c WHERE c.message_count > 0 AND (" + match +
              ")), "
              "page AS (SELECT * FROM matched ORDER BY " +
              recency +
              " LIMIT $2 OFFSET $3) "
              "SELECT (SELECT count(*) FROM matched), " +
              page_json + " FROM page c LEFT JOIN contacts_view k ON k.id = c.contact_id"};
}
const statement search_names = conversation_search(false, false);
const statement search_names_digits = conversation_search(true, false);
const statement search_names_text = conversation_search(false, true);
const statement search_all = conversation_search(true, true);

/// The last counted total of conversations and the state it was counted in.
class conversation_total_cache {
public:
  std::optional<long long> find(const std::string& state, std::int64_t position) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (state_ != state || position_ != position) return std::nullopt;
    return total_;
  }
  void keep(std::string state, std::int64_t position, long long total) {
    std::lock_guard<std::mutex> lock(mutex_);
    state_ = std::move(state);
    position_ = position;
    total_ = total;
  }

private:
  std::mutex mutex_;
  std::string state_;
  std::int64_t position_ = -1;
  long long total_ = 0;
};

/// The number of conversations, counted again only when `page` (a conversations_page row)
/// shows the table in another state than the last count.
long long conversation_total(pqxx::transaction_base& tx, const pqxx::row& page) {
  static conversation_total_cache cache;
  if (!page[2].is_null())
    if (auto total = cache.find(page[1].c_str(), page[2].as<std::int64_t>())) return *total;
  auto counted = run(tx, count_conversations)[0];
  auto total = counted[2].as<long long>();
  // A database without the checkpoint row yet (the projector has not started) is counted each time.
  if (!counted[1].is_null()) cache.keep(counted[0].c_str(), counted[1].as<std::int64_t>(), total);
  return total;
}

// pg_trgm finds nothing to look up in a term without three letters or digits in a row, and
// would read all of messages_view_body instead; such terms match names and numbers only.
bool has_trigram(const std::string& text) {
  int in_a_row = 0;
  for (unsigned char c : text) {
    in_a_row = (std::isalnum(c) || c >= 0x80) ? in_a_row + 1 : 0;
    if (in_a_row >= 3) return true;
  }
  return false;
}

}  // namespace

std::string list_conversations_members(pqxx::connection& connection, const std::string& search, int limit, int skip) {
  auto text = lower(search);
  text.erase(0, text.find_first_not_of(' '));
  text.erase(text.find_last_not_of(' ') + 1);
  pqxx::nontransaction tx(connection);
  if (text.empty()) {
    auto page = run(tx, select_conversation_page, limit, skip)[0];
    return std::string("\"conversations\":") + page[0].c_str() + pagination(conversation_total(tx, page), limit, skip);
  }
  auto digits = domain::digits_of(text);
  bool by_digits = digits.size() >= 3, by_text = has_trigram(text);
  const auto& s = by_digits ? (by_text ? search_all : search_names_digits)
                            : (by_text ? search_names_text : search_names);
  auto row = by_digits ? run(tx, s, like_pattern(text), limit, skip, like_pattern(digits))[0]
                       : run(tx, s, like_pattern(text), limit, skip)[0];
  return std::string("\"conversations\":") + row[1].c_str() + pagination(row[0].as<long long>(), limit, skip);
}

}  // namespace crm::queries
