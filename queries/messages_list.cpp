// One statement a shape, so that each plans once and keeps its index: a thread's page walks
// messages_view_thread backwards and counts the thread's rows, never all messages; a contact's
// messages are its number's thread. The page's rows are chosen first and only they become JSON:
// an expression in the inner select list would be built for every row OFFSET skips too. One
// statement, run without BEGIN and COMMIT: it sees one snapshot anyway, and every round trip is
// a wait for the database's process to be scheduled, which on busy cores is what the slowest
// requests are made of.

#include "queries/messages_list.hpp"

#include "queries/message_json.hpp"
#include "queries/query_support.hpp"

namespace crm::queries {
namespace {

// `where` uses $1..$n; limit and skip follow as $n+1, $n+2.
statement message_page(const char* name, const std::string& where, int n) {
  auto limit = "$" + std::to_string(n + 1), skip = "$" + std::to_string(n + 2);
  return {name, "SELECT (SELECT count(*) FROM messages_view m WHERE " + where + "), (SELECT coalesce(jsonb_agg(" +
                    message_json +
                    " ORDER BY m.sort_at, m.position), '[]')::text FROM (SELECT * FROM messages_view m WHERE " + where +
                    " ORDER BY m.sort_at DESC, m.position DESC LIMIT " + limit + " OFFSET " + skip + ") m)"};
}
const statement select_thread_messages = message_page("messages_thread",
                                                      "m.thread_phone = $1 AND ($2 = '' OR m.direction = $2)", 2);
const statement select_contact_messages = message_page(
    "messages_contact",
    "m.thread_phone = (SELECT phone FROM contacts_view WHERE id = $1::uuid) AND ($2 = '' OR m.thread_phone = $2) "
    "AND ($3 = '' OR m.direction = $3)",
    3);
const statement select_all_messages = message_page("messages_all", "$1 = '' OR m.direction = $1", 1);

}  // namespace

std::string list_messages_members(pqxx::connection& connection, const message_filter& f) {
  pqxx::nontransaction tx(connection);
  auto row = !f.contact_id.empty()
                 ? run(tx, select_contact_messages, f.contact_id, f.phone, f.direction, f.limit, f.skip)[0]
             : !f.phone.empty() ? run(tx, select_thread_messages, f.phone, f.direction, f.limit, f.skip)[0]
                                : run(tx, select_all_messages, f.direction, f.limit, f.skip)[0];
  return std::string("\"messages\":") + row[1].c_str() + pagination(row[0].as<long long>(), f.limit, f.skip);
}

}  // namespace crm::queries
