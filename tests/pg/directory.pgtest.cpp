// The directory of entity actors: an actor that ends other than by passivating is replaced by a
// fresh one at the next command for its stream, which reads the stream again. Before, the dead
// actor stayed listed, and every later command for that number failed (request_receiver_down)
// until crmd restarted.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <caf/all.hpp>

#include "actors/directory.hpp"
#include "actors/entity_refs.hpp"
#include "actors/log_access.hpp"
#include "actors/message_types.hpp"
#include "actors/scheduler.hpp"
#include "support/inbound_command.hpp"
#include "support/test_database.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

TEST(directory, an_entity_actor_that_died_is_replaced_at_the_next_command) {
  auto url = testing::fresh_database();
  caf::actor_system_config config;
  configure_scheduler(config);
  caf::actor_system system{config};
  entity_refs refs;
  refs.log = spawn_log_access(system, url, 1);
  refs.replies = std::make_shared<domain::keyword_replies>();
  refs.idle_timeout = 200ms;  // leaves soon after the last command, so the system can stop
  auto directory = spawn_directory(system, refs);
  const std::string phone = "+17605550143";

  caf::scoped_actor self{system};
  caf::actor_addr thread_actor;
  command_reply first;
  self->request(directory, caf::infinite, testing::inbound_text_command(phone, "SMdirectory1"))
      .receive(
          [&](const command_reply& reply) {
            first = reply;
            thread_actor = caf::actor_cast<caf::actor_addr>(
                self->current_sender());  // the directory delegated: the thread actor answered
          },
          [&](const caf::error& err) { first = failure(command_error::unavailable, "", system.render(err)); });
  ASSERT_EQ(first.result, outcome::ok) << first.detail;
  ASSERT_TRUE(thread_actor);

  caf::anon_send_exit(thread_actor, caf::exit_reason::kill);
  std::this_thread::sleep_for(100ms);  // the directory learns of it

  command_reply second;
  caf::actor_addr answered_by;
  self->request(directory, caf::infinite, testing::inbound_text_command(phone, "SMdirectory2"))
      .receive(
          [&](const command_reply& reply) {
            second = reply;
            answered_by = caf::actor_cast<caf::actor_addr>(self->current_sender());
          },
          [&](const caf::error& err) { second = failure(command_error::unavailable, "", system.render(err)); });
  EXPECT_EQ(second.result, outcome::ok) << second.detail;
  EXPECT_NE(answered_by, thread_actor);
  // The new actor read the stream: the first text is known, so Twilio's retry of it changes nothing.
  command_reply retried;
  self->request(directory, caf::infinite, testing::inbound_text_command(phone, "SMdirectory1"))
      .receive([&](const command_reply& reply) { retried = reply; },
               [&](const caf::error& err) { retried = failure(command_error::unavailable, "", system.render(err)); });
  EXPECT_EQ(retried.result, outcome::ok) << retried.detail;
  EXPECT_EQ(retried.position, 0) << "a retried text must not be appended again";

  std::this_thread::sleep_for(600ms);  // the new actor passivates
  caf::anon_send_exit(directory, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(refs.log.appender, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(refs.log.readers, caf::exit_reason::user_shutdown);
}

}  // namespace
}  // namespace crm::actors
