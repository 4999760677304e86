#include "http/send_recovery.hpp"

#include <spdlog/spdlog.h>

#include "projections/messaging_query.hpp"

namespace crm::http {

void recover_unresolved_sends(app& a) {
  if (!a.twilio_configured()) return;
  a.queries->submit([&a](pqxx::connection* connection) {
    if (!connection) return spdlog::error("send recovery: no database");
    std::int64_t head;
    {
      pqxx::read_transaction tx(*connection);
      head = tx.exec1("SELECT coalesce(max(position), 0) FROM events")[0].as<std::int64_t>();
    }
    // The messages read model must include everything before it can say what is unresolved.
    a.watch->when_reached(head, projections::position_watch::clock::now() + std::chrono::seconds(60), [&a](bool reached, std::int64_t) {
      if (!reached) return spdlog::error("send recovery: the read models did not catch up; unresolved sends wait for the next start");
      a.queries->submit([&a](pqxx::connection* c) {
        if (!c) return;
        for (auto& phone : projections::threads_with_unresolved_sends(*c)) {
          spdlog::info("send recovery: resolving unfinished sends to {}", phone);
          actors::thread_command cmd;
          cmd.what = actors::thread_command::kind::recover_sends;
          cmd.phone = phone;
          ask(a, std::move(cmd), [phone](const actors::command_reply& reply) {
            spdlog::info("send recovery: {} send(s) to {} resumed", reply.body, phone);
          });
        }
      });
    });
  });
}

}  // namespace crm::http
