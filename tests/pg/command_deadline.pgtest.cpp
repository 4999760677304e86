// Commands queued behind a stuck append: a thread actor takes one command at a time, so while
// its append waits for a database that does not answer, the number's next commands wait in its
// mailbox. Each carries the latest time it may start (the HTTP bridge sets it); one still queued
// after that is answered at once, without a decision or an event, instead of waiting out the
// appender's own deadline in turn. A contact's change that the contact actor hands to its number's
// thread keeps the deadline it came with.

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
#include "eventlog/uuid.hpp"
#include "support/append_lock_holder.hpp"
#include "support/inbound_command.hpp"
#include "support/test_database.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

const std::string phone = "+17605550142";

receive_text inbound_text(const std::string& sid, start_deadline start_by) {
  return testing::inbound_text_command(phone, sid, start_by);
}

/// Asks the directory from a thread of its own; `answer` is the reply (or an error in `detail`).
template <class Command>
void ask(caf::actor_system& system, const directory_actor& directory, Command cmd, command_reply& answer) {
  caf::scoped_actor self{system};
  self->request(directory, caf::infinite, std::move(cmd))
      .receive([&](const command_reply& reply) { answer = reply; },
               [&](const caf::error& err) {
                 answer = failure(command_error::unavailable, "", "error: " + system.render(err));
               });
}

long events_in_log(const std::string& url, const std::string& stream, const std::string& type) {
  eventlog::event_store store(url);
  long n = 0;
  for (auto& e : store.read_stream(stream)) n += e.type == type;
  return n;
}

long inbound_texts_in_log(const std::string& url) {
  return events_in_log(url, "thread-" + phone, "InboundMessageReceived");
}

/// The directory with its thread and contact actors over a fresh database, whose appender answers
/// every append within 500 ms.
class command_deadline : public ::testing::Test {
protected:
  command_deadline() : url(testing::fresh_database()) {
    configure_scheduler(config);
    system = std::make_unique<caf::actor_system>(config);
    refs.log = spawn_log_access(*system, url, 1, 500ms);
    refs.replies = std::make_shared<domain::keyword_replies>();
    refs.idle_timeout = 200ms;  // the actors leave soon after their last command, so the system can stop
    directory = spawn_directory(*system, refs);
  }

  ~command_deadline() override {
    // The entity actors passivate through the directory (200 ms idle); only then can the actor
    // system stop without waiting for them.
    std::this_thread::sleep_for(600ms);
    caf::anon_send_exit(directory, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(refs.log.appender, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(refs.log.readers, caf::exit_reason::user_shutdown);
  }

  std::string url;
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  entity_refs refs;
  directory_actor directory;
};

TEST_F(command_deadline, commands_queued_behind_a_stuck_append_are_answered_unstarted_once_past_their_deadline) {
  testing::append_lock_holder hung(url);  // the thread's first append blocks inside the database

  // The first text starts and waits for the appender; the next two queue behind it with a start
  // deadline of 100 ms, which has passed when the appender gives the first its answer.
  std::vector<command_reply> answers(3);
  std::vector<std::thread> askers;
  askers.emplace_back([&] { ask(*system, directory, inbound_text("SMdeadline1", {}), answers[0]); });
  std::this_thread::sleep_for(100ms);
  for (size_t i = 1; i < answers.size(); ++i) {
    auto start_by = std::chrono::steady_clock::now() + 100ms;
    askers.emplace_back([&, i, start_by] {
      ask(*system, directory, inbound_text("SMdeadline" + std::to_string(i + 1), start_by), answers[i]);
    });
  }
  for (auto& t : askers) t.join();

  EXPECT_EQ(answers[0].result, outcome::unavailable);
  // The stuck append's own failure (its detail is logged, not answered), not a deadline's.
  EXPECT_EQ(answers[0].error, command_error::database_unavailable) << answers[0].detail;
  EXPECT_TRUE(answers[0].detail.empty()) << "PostgreSQL's words stay in the server log: " << answers[0].detail;
  for (size_t i = 1; i < answers.size(); ++i) {
    EXPECT_EQ(answers[i].result, outcome::unavailable) << i;
    EXPECT_EQ(answers[i].error, not_started_in_time().error) << i;
  }

  // The database answers again. The first text's blocked append goes through (its 503 made
  // Twilio retry, and the retry finds it); the two that were never started left nothing.
  hung.release();
  for (int wait = 0; wait < 100 && inbound_texts_in_log(url) == 0; ++wait) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(inbound_texts_in_log(url), 1);

  // A command without a deadline, as the actors send each other, is decided as before.
  command_reply after;
  ask(*system, directory, inbound_text("SMdeadline4", {}), after);
  EXPECT_EQ(after.result, outcome::ok) << after.detail;
  EXPECT_EQ(inbound_texts_in_log(url), 2);
}

// A contact's change that touches its number (here a deletion, which unlinks the thread) is
// decided by the contact actor and written by the thread actor. The contact actor is free; the
// thread is stuck behind another append. The change inherits the command's deadline, so it is
// answered unstarted, not decided after the agent was told it failed.
TEST_F(command_deadline, a_contact_change_forwarded_to_a_stuck_thread_keeps_the_commands_deadline) {
  create_contact create;
  create.phone = phone;
  create.contact_id = eventlog::random_uuid();
  create.fields.json = "{\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"phone\":\"" + phone + "\"}";
  create.fields.phone = phone;
  command_reply created;
  ask(*system, directory, create, created);
  ASSERT_EQ(created.result, outcome::created) << created.detail;

  remove_contact remove;
  remove.contact_id = create.contact_id;
  auto contact_stream = "contact-" + create.contact_id;
  {
    testing::append_lock_holder hung(url);
    command_reply text_answer, remove_answer;
    std::thread texter([&] { ask(*system, directory, inbound_text("SMdeadline5", {}), text_answer); });
    std::this_thread::sleep_for(100ms);  // the text's append now holds the thread
    auto deadlined = remove;
    deadlined.start_by = std::chrono::steady_clock::now() + 100ms;
    ask(*system, directory, deadlined, remove_answer);
    texter.join();

    EXPECT_EQ(text_answer.result, outcome::unavailable) << text_answer.detail;
    EXPECT_EQ(remove_answer.result, outcome::unavailable);
    EXPECT_EQ(remove_answer.error, not_started_in_time().error);
    hung.release();
  }
  for (int wait = 0; wait < 100 && inbound_texts_in_log(url) == 0; ++wait) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(inbound_texts_in_log(url), 1);
  EXPECT_EQ(events_in_log(url, contact_stream, "ContactDeleted"), 0);

  // Asked again without a deadline, the deletion goes through.
  command_reply removed;
  ask(*system, directory, remove, removed);
  EXPECT_EQ(removed.result, outcome::ok) << removed.detail;
  EXPECT_EQ(events_in_log(url, contact_stream, "ContactDeleted"), 1);
}

}  // namespace
}  // namespace crm::actors
