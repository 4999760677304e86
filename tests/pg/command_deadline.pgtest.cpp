// Commands queued behind a stuck append: a thread actor takes one command at a time, so while
// its append waits for a database that does not answer, the number's next commands wait in its
// mailbox. Each carries the latest time it may start (the HTTP bridge sets it); one still queued
// after that is answered at once, without a decision or an event, instead of waiting out the
// appender's own deadline in turn.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/directory.hpp"
#include "actors/entity_refs.hpp"
#include "actors/log_access.hpp"
#include "actors/message_types.hpp"
#include "actors/scheduler.hpp"
#include "eventlog/event_store.hpp"
#include "support/append_lock_holder.hpp"
#include "support/test_database.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

const std::string phone = "+17605550142";

thread_command inbound_text(const std::string& sid, start_deadline start_by) {
  thread_command cmd;
  cmd.what = thread_command::kind::inbound;
  cmd.phone = phone;
  cmd.inbound.sid = sid;
  cmd.inbound.from = phone;
  cmd.inbound.to = "+17605550100";
  cmd.inbound.body = "Is the house on Elm still available?";
  cmd.inbound.num_segments = 1;
  cmd.start_by = start_by;
  return cmd;
}

/// Asks the directory from a thread of its own; `answer` is the reply (or an error in `message`).
void ask(caf::actor_system& system, const caf::actor& directory, thread_command cmd, command_reply& answer) {
  caf::scoped_actor self{system};
  self->request(directory, caf::infinite, std::move(cmd))
      .receive([&](const command_reply& reply) { answer = reply; },
               [&](const caf::error& err) { answer.message = "error: " + system.render(err); });
}

long inbound_texts_in_log(const std::string& url) {
  eventlog::event_store store(url);
  long n = 0;
  for (auto& e : store.read_stream("thread-" + phone)) n += e.type == "InboundMessageReceived";
  return n;
}

TEST(command_deadline, commands_queued_behind_a_stuck_append_are_answered_unstarted_once_past_their_deadline) {
  auto url = testing::fresh_database();
  testing::append_lock_holder hung(url);  // the thread's first append blocks inside the database

  caf::actor_system_config config;
  configure_scheduler(config);
  caf::actor_system system{config};
  entity_refs refs;
  refs.log = spawn_log_access(system, url, 1, 500ms);  // the appender answers every append within 500 ms
  refs.replies = std::make_shared<domain::keyword_replies>();
  refs.idle_timeout = 200ms;  // the thread actor leaves soon after the last command, so the system can stop
  auto directory = spawn_directory(system, refs);

  // The first text starts and waits for the appender; the next two queue behind it with a start
  // deadline of 100 ms, which has passed when the appender gives the first its answer.
  std::vector<command_reply> answers(3);
  std::vector<std::thread> askers;
  askers.emplace_back([&] { ask(system, directory, inbound_text("SMdeadline1", {}), answers[0]); });
  std::this_thread::sleep_for(100ms);
  for (size_t i = 1; i < answers.size(); ++i) {
    auto start_by = std::chrono::steady_clock::now() + 100ms;
    askers.emplace_back([&, i, start_by] {
      ask(system, directory, inbound_text("SMdeadline" + std::to_string(i + 1), start_by), answers[i]);
    });
  }
  for (auto& t : askers) t.join();

  EXPECT_EQ(answers[0].result, outcome::unavailable);
  EXPECT_NE(answers[0].message.find("database did not answer"), std::string::npos) << answers[0].message;
  for (size_t i = 1; i < answers.size(); ++i) {
    EXPECT_EQ(answers[i].result, outcome::unavailable) << i;
    EXPECT_EQ(answers[i].message, not_started_in_time().message) << i;
  }

  // The database answers again. The first text's blocked append goes through (its 503 made
  // Twilio retry, and the retry finds it); the two that were never started left nothing.
  hung.release();
  for (int wait = 0; wait < 100 && inbound_texts_in_log(url) == 0; ++wait) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(inbound_texts_in_log(url), 1);

  // A command without a deadline, as the actors send each other, is decided as before.
  command_reply after;
  ask(system, directory, inbound_text("SMdeadline4", {}), after);
  EXPECT_EQ(after.result, outcome::ok) << after.message;
  EXPECT_EQ(inbound_texts_in_log(url), 2);

  // The thread actor passivates through the directory (200 ms idle); only then can the actor
  // system stop without waiting for it.
  std::this_thread::sleep_for(600ms);
  caf::anon_send_exit(directory, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(refs.log.appender, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(refs.log.readers, caf::exit_reason::user_shutdown);
}

}  // namespace
}  // namespace crm::actors
