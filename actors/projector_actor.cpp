#include "actors/projector_actor.hpp"

#include <memory>

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "projections/all_projections.hpp"
#include "projections/projector.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

struct projector_state {
  std::unique_ptr<projections::projector> projector;
};

caf::behavior projector_actor(caf::stateful_actor<projector_state>* self, std::string url,
                              projections::position_watch* watch) {
  self->send(self, tick_atom::value);
  return {
      [=](tick_atom) {
        auto& st = self->state;
        try {
          if (!st.projector)
            st.projector = std::make_unique<projections::projector>(url, projections::all_projections());
          watch->advance(st.projector->catch_up());
          // Blocking is this detached actor's whole job: a NOTIFY wakes it at once, the
          // timeout is the poll that covers a lost notification.
          st.projector->wait_for_appends(100ms);
        } catch (const std::exception& e) {
          spdlog::error("projector: {}", e.what());
          st.projector.reset();
          std::this_thread::sleep_for(500ms);
        }
        self->send(self, tick_atom::value);
      },
      [=](stop_atom) { self->quit(); },
  };
}

}  // namespace

caf::actor spawn_projector(caf::actor_system& system, const std::string& database_url,
                           projections::position_watch& watch) {
  return system.spawn<caf::detached>(projector_actor, database_url, &watch);
}

}  // namespace crm::actors
