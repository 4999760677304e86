// The actors' appender against a real PostgreSQL that stops answering: every append is answered
// within the appender's deadline (entity actors ask it without a timeout of their own), and it
// appends again once the database does.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/log_access.hpp"
#include "actors/message_types.hpp"
#include "actors/scheduler.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "support/append_lock_holder.hpp"
#include "support/test_database.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

eventlog::append_request one_event(const std::string& stream) {
  eventlog::new_event event{eventlog::random_uuid(), "Tested", "{\"n\":1}", "{}"};
  return eventlog::append_request{{eventlog::stream_append{stream, eventlog::expected::any, {event}}}};
}

/// Asks the appender from a thread of its own; `answer` is what came back (or an error text).
void ask_appender(caf::actor_system& system, const caf::actor& appender, const std::string& stream,
                  eventlog::append_result& answer) {
  caf::scoped_actor self{system};
  self->request(appender, caf::infinite, append_atom::value, one_event(stream))
      .receive([&](const eventlog::append_result& result) { answer = result; },
               [&](const caf::error& err) { answer.message = "error: " + system.render(err); });
}

TEST(log_access, every_append_is_answered_within_the_deadline_while_the_database_hangs) {
  auto url = testing::fresh_database();
  testing::append_lock_holder hung(url);  // both writers block inside the append

  caf::actor_system_config config;
  configure_scheduler(config);
  caf::actor_system system{config};
  auto log = spawn_log_access(system, url, 1, 500ms);

  // One append for each of the two writers and one that waits for a writer.
  std::vector<eventlog::append_result> answers(3);
  std::vector<std::thread> askers;
  for (size_t i = 0; i < answers.size(); ++i) {
    askers.emplace_back([&, i] { ask_appender(system, log.appender, "hung-" + std::to_string(i), answers[i]); });
    std::this_thread::sleep_for(50ms);  // in this order: the third finds both writers busy
  }
  for (auto& t : askers) t.join();  // the deadline answers them, or this test hangs in ctest's timeout
  for (auto& answer : answers) {
    EXPECT_EQ(answer.status, eventlog::append_status::failed);
    EXPECT_NE(answer.message.find("database did not answer"), std::string::npos) << answer.message;
  }

  // The database answers again: the blocked writers finish, and a new append commits.
  hung.release();
  eventlog::append_result after;
  for (int attempt = 0; attempt < 20 && after.status != eventlog::append_status::ok; ++attempt)
    ask_appender(system, log.appender, "after", after);
  EXPECT_EQ(after.status, eventlog::append_status::ok) << after.message;
  eventlog::event_store store(url);
  EXPECT_FALSE(store.read_stream("after").empty());

  caf::anon_send_exit(log.appender, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(log.readers, caf::exit_reason::user_shutdown);
}

}  // namespace
}  // namespace crm::actors
