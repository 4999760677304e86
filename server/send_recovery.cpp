#include "server/send_recovery.hpp"

#include <spdlog/spdlog.h>

#include "eventlog/log_reader.hpp"
#include "queries/unresolved_sends.hpp"

namespace crm::server {
namespace {

/// Asks each thread to recover its sends and logs what it resumed; ends when all have answered.
void ask_threads(caf::event_based_actor* self, actors::directory_actor directory, std::vector<std::string> phones) {
  for (auto& phone : phones) {
    spdlog::info("send recovery: resolving unfinished sends to {}", phone);
    self->request(directory, caf::infinite, actors::recover_sends{phone, {}})
        .then(
            [phone](const actors::command_reply& reply) {
              spdlog::info("send recovery: {} send(s) to {} resumed", reply.body, phone);
            },
            [phone, self](const caf::error& err) {
              spdlog::error("send recovery: the thread of {} failed: {}", phone, self->system().render(err));
            });
  }
}

}  // namespace

void recover_unresolved_sends(caf::actor_system& system, projections::db_pool& queries,
                              projections::position_watch& watch, actors::directory_actor directory) {
  queries.submit([&system, &queries, &watch, directory](pqxx::connection* connection) {
    if (!connection) return spdlog::error("send recovery: no database");
    std::int64_t head;
    {
      pqxx::read_transaction tx(*connection);
      head = eventlog::head_position(tx);
    }
    // The messages read model must include everything before it can say what is unresolved.
    watch.when_reached(head, projections::position_watch::clock::now() + std::chrono::seconds(60),
                       [&system, &queries, directory](bool reached, std::int64_t) {
                         if (!reached)
                           return spdlog::error(
                               "send recovery: the read models did not catch up; unresolved sends "
                               "wait for the next start");
                         queries.submit([&system, directory](pqxx::connection* c) {
                           if (!c) return spdlog::error("send recovery: no database");
                           auto phones = queries::threads_with_unresolved_sends(*c);
                           if (!phones.empty()) system.spawn(ask_threads, directory, std::move(phones));
                         });
                       });
  });
}

}  // namespace crm::server
