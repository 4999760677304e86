#include "contact_history.hpp"

#include <algorithm>

#include <pqxx/pqxx>

#include "projections/contacts_projection.hpp"

namespace crm::projections::contacts_test {

domain::actor_context context(int i) {
  domain::actor_context ctx;
  ctx.user_id = "agent-1";
  ctx.ip = "10.0.0." + std::to_string(i % 250);
  ctx.now = "2026-11-25T10:00:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ".000Z";
  return ctx;
}

void project_in_batches(const std::string& url, const eventlog::event_list& events, size_t size) {
  pqxx::connection c(url);
  contacts_projection projection;
  for (size_t from = 0; from < events.size(); from += size) {
    pqxx::work tx(c);
    auto to = std::min(events.size(), from + size);
    projection.apply_batch(tx, eventlog::event_list(events.begin() + static_cast<std::ptrdiff_t>(from),
                                                    events.begin() + static_cast<std::ptrdiff_t>(to)));
    tx.commit();
  }
}

}  // namespace crm::projections::contacts_test
