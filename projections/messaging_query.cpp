#include "projections/messaging_query.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <utility>

#include "domain/phone_number.hpp"
#include "domain/thread_state.hpp"
#include "eventlog/prepared_sql.hpp"

namespace crm::projections {
namespace {

constexpr const char* message_json =
    "jsonb_build_object('_id', m.id, 'twilioMessageSid', m.sid, 'from', m.from_number, 'to', m.to_number, "
    "'body', m.body, 'mediaUrls', m.media_urls, 'direction', m.direction, 'status', m.status, "
    "'contactId', m.contact_id, 'threadId', 'thread-' || m.thread_phone, 'numSegments', m.num_segments, "
    "'errorCode', m.error_code, 'errorMessage', m.error_message, 'price', m.price, 'priceUnit', m.price_unit, "
    "'sentBy', m.sent_by, 'tags', '[]'::jsonb, 'twilioCreatedAt', crm_iso(m.twilio_created_at), "
    "'deliveredAt', crm_iso(m.delivered_at), 'createdAt', crm_iso(m.created_at), 'foreignTo', m.foreign_to)";

const std::string select_message = std::string("SELECT ") + message_json +
                                   "::text FROM messages_view m WHERE m.id = $1 OR m.sid = $1 LIMIT 1";

constexpr const char* select_thread_of_sid = "SELECT thread_phone FROM messages_view WHERE sid = $1";

// A named statement, prepared on each connection the first time it runs there: planning the
// list's statements cost more than running them (10-14 ms on a fresh connection).
struct statement {
  std::string name;
  std::string sql;
};

template <class... Args>
pqxx::result run(pqxx::transaction_base& tx, const statement& s, Args&&... args) {
  return eventlog::exec_prepared_sql(tx, s.name.c_str(), s.sql, std::forward<Args>(args)...);
}

// The list reads are one statement each, run without BEGIN and COMMIT (pqxx::nontransaction):
// one statement sees one snapshot anyway, and every round trip is a wait for the database's
// process to be scheduled, which on busy cores is what the slowest requests are made of.

// Messages: one statement a shape, so that each plans once and keeps its index: a thread's page
// walks messages_view_thread backwards and counts the thread's rows, never all messages; a
// contact's messages are its number's thread. The page's rows are chosen first and only they
// become JSON: an expression in the inner select list would be built for every row OFFSET
// skips too. `where` uses $1..$n; limit and skip follow as $n+1, $n+2.
statement message_page(const char* name, const std::string& where, int n) {
  auto limit = "$" + std::to_string(n + 1), skip = "$" + std::to_string(n + 2);
  return {name, "SELECT (SELECT count(*) FROM messages_view m WHERE " + where + "), (SELECT coalesce(jsonb_agg(" +
                    message_json + " ORDER BY m.sort_at, m.position), '[]')::text FROM (SELECT * FROM messages_view m WHERE " +
                    where + " ORDER BY m.sort_at DESC, m.position DESC LIMIT " + limit + " OFFSET " + skip + ") m)"};
}
const statement select_thread_messages =
    message_page("messages_thread", "m.thread_phone = $1 AND ($2 = '' OR m.direction = $2)", 2);
const statement select_contact_messages = message_page(
    "messages_contact",
    "m.thread_phone = (SELECT phone FROM contacts_view WHERE id = $1::uuid) AND ($2 = '' OR m.thread_phone = $2) "
    "AND ($3 = '' OR m.direction = $3)",
    3);
const statement select_all_messages = message_page("messages_all", "$1 = '' OR m.direction = $1", 1);

// Conversations: the page's rows are chosen on conversations_view alone (the 50 numbers in the
// order of conversations_view_listed, an index-only walk even for skip=5000; or among the few a
// search found), and only those are joined to their rows and contacts and turned into JSON.
constexpr const char* conversation_json =
    "jsonb_build_object('phoneNumber', c.phone, 'threadId', 'thread-' || c.phone, "
    "'contact', CASE WHEN k.id IS NULL THEN NULL ELSE jsonb_build_object('_id', k.id, 'firstName', k.first_name, "
    "'lastName', k.last_name, 'phone', k.phone, 'preferences', k.doc -> 'preferences') END, "
    "'lastMessage', jsonb_build_object('body', c.last_body, 'direction', c.last_direction, 'status', c.last_status, "
    "'createdAt', crm_iso(c.last_at)), 'unreadCount', c.unread_count, 'messageCount', c.message_count, "
    "'optInStatus', c.opt_in_status, 'possibleOptOut', c.possible_opt_out::jsonb)";
constexpr const char* conversation_columns =
    "c.phone, c.contact_id, c.last_body, c.last_direction, c.last_status, c.last_at, c.unread_count, "
    "c.message_count, c.opt_in_status, c.possible_opt_out";
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
        " FROM page JOIN conversations_view c ON c.phone = page.phone LEFT JOIN contacts_view k ON k.id = c.contact_id), " +
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
  if (digits) match += " OR c.phone = ANY (ARRAY(SELECT phone FROM conversation_phones WHERE ltrim(phone, '+') LIKE $4))";
  if (text) match += " OR c.phone = ANY (ARRAY(SELECT DISTINCT thread_phone FROM messages_view WHERE lower(body) LIKE $1))";
  return {std::string("conversations_search") + (digits ? "_digits" : "") + (text ? "_text" : ""),
          std::string("WITH matched AS MATERIALIZED (SELECT ") + conversation_columns +
              " FROM conversations_view c WHERE c.message_count > 0 AND (" + match + ")), "
              "page AS (SELECT * FROM matched ORDER BY " + recency + " LIMIT $2 OFFSET $3) "
              "SELECT (SELECT count(*) FROM matched), " + page_json +
              " FROM page c LEFT JOIN contacts_view k ON k.id = c.contact_id"};
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

constexpr const char* select_consent_events =
    "SELECT coalesce(jsonb_agg(jsonb_build_object('type', type, 'position', position, 'recordedAt', crm_iso(recorded_at)) "
    "|| data ORDER BY version), '[]')::text FROM events WHERE stream_id = $1 "
    "AND type IN ('ConsentGranted', 'ConsentRevoked', 'OptInRequested')";
constexpr const char* select_consent_changes =
    "SELECT type, data::text, position FROM events WHERE stream_id = $1 AND type IN ('ConsentGranted', 'ConsentRevoked') "
    "ORDER BY version";

const statement select_changes{
    "changes_after",
    "SELECT position, stream_id, type, coalesce(data ->> 'messageId', data ->> 'sid', ''), "
    "coalesce(data ->> 'contactId', '') FROM events WHERE position > $1 ORDER BY position LIMIT $2"};
const statement select_head{"changes_head", "SELECT coalesce(max(position), 0) FROM events"};

constexpr const char* select_unresolved =
    "SELECT DISTINCT thread_phone FROM messages_view WHERE direction = 'outbound' AND sid IS NULL AND status = 'queued'";

constexpr const char* select_contact_state =
    "SELECT coalesce(doc -> 'address' ->> 'state', '') FROM contacts_view WHERE phone = $1 LIMIT 1";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string like_pattern(const std::string& text) {
  if (text.empty()) return "";
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}

std::string pagination(long long total, int limit, int skip) {
  return ",\"pagination\":{\"total\":" + std::to_string(total) + ",\"limit\":" + std::to_string(limit) +
         ",\"skip\":" + std::to_string(skip) + ",\"hasMore\":" + (skip + limit < total ? "true" : "false") + "}";
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::optional<std::string> find_message(pqxx::connection& connection, const std::string& id_or_sid) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_message, id_or_sid);
  if (rows.empty()) return std::nullopt;
  return std::string(rows[0][0].c_str());
}

std::string thread_of_sid(pqxx::connection& connection, const std::string& sid) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_thread_of_sid, sid);
  return rows.empty() ? "" : rows[0][0].c_str();
}

std::string list_messages_members(pqxx::connection& connection, const message_filter& f) {
  pqxx::nontransaction tx(connection);
  auto row = !f.contact_id.empty() ? run(tx, select_contact_messages, f.contact_id, f.phone, f.direction, f.limit, f.skip)[0]
             : !f.phone.empty()    ? run(tx, select_thread_messages, f.phone, f.direction, f.limit, f.skip)[0]
                                   : run(tx, select_all_messages, f.direction, f.limit, f.skip)[0];
  return std::string("\"messages\":") + row[1].c_str() + pagination(row[0].as<long long>(), f.limit, f.skip);
}

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
  const auto& s = by_digits ? (by_text ? search_all : search_names_digits) : (by_text ? search_names_text : search_names);
  auto row = by_digits ? run(tx, s, like_pattern(text), limit, skip, like_pattern(digits))[0]
                       : run(tx, s, like_pattern(text), limit, skip)[0];
  return std::string("\"conversations\":") + row[1].c_str() + pagination(row[0].as<long long>(), limit, skip);
}

std::string consent_history_members(pqxx::connection& connection, const std::string& phone) {
  pqxx::read_transaction tx(connection);
  auto stream = "thread-" + phone;
  std::string events = tx.exec_params1(select_consent_events, stream)[0].c_str();
  // The state by the domain's own fold: after STOP, a grant other than START, YES or UNSTOP
  // leaves the number opted out (consent_ledger.hpp).
  domain::consent_ledger ledger;
  for (auto row : tx.exec_params(select_consent_changes, stream))
    if (auto event = domain::decode_thread_event(row[0].c_str(), row[1].c_str(), row[2].as<std::int64_t>()))
      if (auto change = domain::consent_event_from(*event)) domain::evolve(ledger, *change);
  std::string state = domain::consent_status_name(ledger.status);
  return "\"phoneNumber\":" + quote(phone) + ",\"state\":\"" + state + "\",\"events\":" + events;
}

std::string changes_after_members(pqxx::connection& connection, std::int64_t after, int limit) {
  pqxx::read_transaction tx(connection);
  std::int64_t position = after;
  std::string changes = "[";
  bool first = true;
  for (auto row : run(tx, select_changes, after, limit)) {
    position = row[0].as<std::int64_t>();
    std::string stream = row[1].c_str(), type = row[2].c_str(), message = row[3].c_str(), contact = row[4].c_str();
    std::string change;
    if (stream.rfind("contact-", 0) == 0) {
      change = "{\"kind\":\"contact\",\"contactId\":" + quote(stream.substr(8)) + "}";
    } else if (stream.rfind("thread-", 0) == 0) {
      auto phone = quote(stream.substr(7));
      bool is_message = type.find("Message") != std::string::npos;
      change = is_message ? "{\"kind\":\"message\",\"phoneNumber\":" + phone + ",\"messageId\":" + quote(message) + "}"
                          : "{\"kind\":\"conversation\",\"phoneNumber\":" + phone +
                                (contact.empty() ? "" : ",\"contactId\":" + quote(contact)) + "}";
    } else {
      continue;
    }
    changes += (first ? "" : ",") + change;
    first = false;
  }
  changes += "]";
  // Nothing after `after`: answer the head, even below `after`. A client holding a position the
  // log never reached (a restore, another database) was told its own position back, and waited
  // for events that would never come.
  if (position == after) position = run(tx, select_head)[0][0].as<std::int64_t>();
  return "\"position\":" + std::to_string(position) + ",\"changes\":" + changes;
}

std::vector<std::string> threads_with_unresolved_sends(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  std::vector<std::string> phones;
  for (auto row : tx.exec(select_unresolved)) phones.push_back(row[0].c_str());
  return phones;
}

std::string contact_state_of(pqxx::connection& connection, const std::string& phone) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_contact_state, phone);
  return rows.empty() ? "" : rows[0][0].c_str();
}

}  // namespace crm::projections
