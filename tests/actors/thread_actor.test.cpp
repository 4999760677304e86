// The thread actor on CAF's deterministic scheduler: no threads, no sleeps. The log is in memory
// (memory_log.hpp), Twilio a stand-in actor that records what it was asked, and the clock one
// the test sets, so "10 pm for the recipient" is a time the test picks, not one it waits for.

#include <gtest/gtest.h>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "actors/entity_actors.hpp"
#include "actors/message_types.hpp"
#include "domain/clock.hpp"
#include "domain/iso_time.hpp"
#include "domain/thread_events.hpp"
#include "memory_log.hpp"
#include "support/inbound_command.hpp"

namespace crm::actors {
namespace {

using std::chrono::hours;

constexpr const char* phone = "+17605550101";  // a San Diego number: Pacific time, UTC-7 in July

domain::instant utc(const char* iso) { return domain::parse_iso8601(iso).value(); }

caf::actor_system_config& deterministic(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
  cfg.set("logger.verbosity", caf::atom("quiet"));
  cfg.set("logger.file-verbosity", caf::atom("quiet"));
  return cfg;
}

class thread_actor_test : public ::testing::Test {
protected:
  thread_actor_test()
      : system_(deterministic(config_)),
        sched_(dynamic_cast<caf::scheduler::test_coordinator&>(system_.scheduler())),
        self_(system_, true) {
    refs_.log = testing::spawn_memory_log(system_, log_);
    refs_.clock = clock_;
    refs_.replies = std::make_shared<domain::keyword_replies>();
    // Twilio takes every text; the jobs it was given are what the test checks. A fetch finds
    // any text delivered, and the list holds what the test put in `twilio_lists_`.
    refs_.gateway = system_.spawn(
        [](caf::event_based_actor*, twilio_stand_in* twilio) -> caf::behavior {
          return {
              [twilio](send_atom, const gateway_job& job) {
                twilio->jobs.push_back(job);
                gateway_result result;
                result.result = gateway_result::kind::accepted;
                result.message.sid = "SMout" + std::to_string(twilio->jobs.size());
                result.message.status = "queued";
                result.message.num_segments = 1;
                return result;
              },
              [](fetch_atom, const std::string& sid) {
                gateway_result result;
                result.result = gateway_result::kind::accepted;
                result.message.sid = sid;
                result.message.status = "delivered";
                return result;
              },
              [twilio](list_atom, const twilio::list_messages_request& request, int) {
                twilio->lists.push_back(request);
                return request.from == phone ? twilio->received : twilio->sent;
              },
          };
        },
        &twilio_);
    thread_ = spawn_thread_actor(system_, phone, refs_);
  }

  ~thread_actor_test() override {
    self_->send_exit(thread_, caf::exit_reason::user_shutdown);
    for (auto& actor : {refs_.gateway, refs_.log.appender, refs_.log.readers})
      self_->send_exit(actor, caf::exit_reason::user_shutdown);
    sched_.run();
  }

  /// Gives the thread `cmd` and runs every actor until nothing is left to do.
  template <class Command>
  command_reply ask(Command cmd) {
    cmd.phone = phone;
    auto answer = self_->request(thread_, caf::infinite, std::move(cmd));
    sched_.run();
    command_reply reply;
    answer.receive([&](const command_reply& r) { reply = r; },
                   [&](const caf::error& e) {
                     reply.result = outcome::unavailable;
                     reply.detail = "error: " + system_.render(e);
                   });
    return reply;
  }

  command_reply receive_text(const std::string& sid, const std::string& body) {
    auto cmd = crm::testing::inbound_text_command(phone, sid);
    cmd.text.body = body;
    return ask(std::move(cmd));
  }

  command_reply send_text(domain::send_purpose purpose, const std::string& id) {
    actors::send_text cmd;
    cmd.outbound.message_id = id;
    cmd.outbound.to = phone;
    cmd.outbound.body = "The open house is at 2";
    cmd.outbound.purpose = purpose;
    cmd.outbound.sent_by = "u1";
    return ask(std::move(cmd));
  }

  std::vector<std::string> types_in_log() const {
    std::vector<std::string> types;
    for (auto& e : log_.events) types.push_back(e.type);
    return types;
  }

  caf::actor_system_config config_;
  caf::actor_system system_;
  caf::scheduler::test_coordinator& sched_;
  caf::scoped_actor self_;
  testing::memory_log_contents log_;
  std::shared_ptr<domain::manual_clock> clock_ = std::make_shared<domain::manual_clock>(utc("2026-07-01T18:00:00Z"));
  struct twilio_stand_in {
    std::vector<gateway_job> jobs;
    std::vector<twilio::list_messages_request> lists;
    twilio_messages sent, received;
  } twilio_;
  std::vector<gateway_job>& gateway_jobs_ = twilio_.jobs;
  entity_refs refs_;
  thread_actor thread_;
};

/// What a failed reply says, for an assertion's message.
std::string why(const command_reply& r) {
  return "error " + std::to_string(static_cast<int>(r.error)) + (r.detail.empty() ? "" : ": " + r.detail);
}

twilio::twilio_message listed(const std::string& sid, const std::string& direction, const std::string& body,
                              const char* created) {
  twilio::twilio_message m;
  m.sid = sid;
  m.direction = direction;
  m.from = direction == "inbound" ? phone : "+17605550100";
  m.to = direction == "inbound" ? "+17605550100" : phone;
  m.body = body;
  m.status = direction == "inbound" ? "received" : "delivered";
  m.num_segments = 1;
  m.date_created_at = utc(created);
  return m;
}

TEST_F(thread_actor_test, given_a_stop_when_the_agent_texts_then_the_text_is_refused_and_twilio_is_not_asked) {
  auto stop = receive_text("SM1", "STOP");
  EXPECT_EQ(stop.result, outcome::ok) << why(stop);
  EXPECT_TRUE(stop.replies.empty());  // Twilio confirms its own opt-out words
  auto refused = send_text(domain::send_purpose::conversational, "m1");
  EXPECT_EQ(refused.error, command_error::opted_out);
  EXPECT_TRUE(gateway_jobs_.empty());
  EXPECT_EQ(types_in_log(),
            (std::vector<std::string>{"InboundMessageReceived", "ConsentRevoked", "OutboundMessageBlocked"}));
}

TEST_F(thread_actor_test, given_an_opt_in_when_it_is_night_for_the_recipient_then_marketing_waits_for_the_morning) {
  receive_text("SM1", "START");
  clock_->set(utc("2026-07-02T05:30:00Z"));  // 22:30 in San Diego
  auto night = send_text(domain::send_purpose::marketing, "m1");
  EXPECT_EQ(night.error, command_error::quiet_hours);
  EXPECT_TRUE(gateway_jobs_.empty());
  clock_->advance(hours(11));  // 9:30 in San Diego
  auto morning = send_text(domain::send_purpose::marketing, "m2");
  EXPECT_EQ(morning.result, outcome::ok) << why(morning);
  ASSERT_EQ(gateway_jobs_.size(), 1u);
  EXPECT_EQ(gateway_jobs_[0].message_id, "m2");
  EXPECT_EQ(log_.events.back().type, "MessageAcceptedByTwilio");
}

TEST_F(thread_actor_test, a_keyword_answer_goes_back_as_replies_for_the_webhooks_twiml) {
  auto help = receive_text("SM1", "HELP");
  ASSERT_EQ(help.replies.size(), 1u);
  EXPECT_NE(help.replies[0].find("Reply STOP"), std::string::npos) << help.replies[0];
}

TEST_F(thread_actor_test, twilio_retrying_a_webhook_gets_the_same_answer_and_nothing_new_is_written) {
  receive_text("SM1", "HELP");
  auto written = log_.events.size();
  auto again = receive_text("SM1", "HELP");
  EXPECT_EQ(again.result, outcome::ok);
  EXPECT_EQ(again.replies.size(), 1u);
  EXPECT_EQ(log_.events.size(), written);
}

TEST_F(thread_actor_test, an_append_that_conflicts_is_decided_again_on_the_events_another_writer_added) {
  receive_text("SM1", "hello");
  // Another writer (a second instance, an import) grants consent behind the actor's back.
  domain::events::consent_granted granted;
  granted.phone = phone;
  granted.source = "keyword";
  granted.keyword = "START";
  granted.message_sid = "SM2";
  granted.text = "START";
  granted.at = "2026-07-01T18:00:00.000Z";
  auto encoded = domain::encode(domain::thread_event{granted});
  log_.events.push_back({static_cast<std::int64_t>(log_.events.size()) + 1, "thread-+17605550101", 2, "other-writer",
                         encoded.type, encoded.data, "{}", "2026-07-01T18:00:00.000Z"});
  // The actor still believes there is no consent; its refusal conflicts, it re-reads, and decides
  // on the grant.
  auto sent = send_text(domain::send_purpose::conversational, "m1");
  EXPECT_EQ(sent.result, outcome::ok) << why(sent);
  EXPECT_EQ(gateway_jobs_.size(), 1u);
}

TEST_F(thread_actor_test, an_event_the_stream_cannot_read_is_an_error_not_a_default) {
  log_.events.push_back({1, "thread-+17605550101", 1, "bad", "MessageSendFailed", R"({"messageId":"m1"})", "{}",
                         "2026-07-01T18:00:00.000Z"});
  auto reply = receive_text("SM1", "hello");
  EXPECT_EQ(reply.error, command_error::unreadable_log);
  EXPECT_EQ(reply.result, outcome::unavailable);
  EXPECT_EQ(log_.events.size(), 1u);
}

TEST_F(thread_actor_test, a_status_refresh_asks_twilio_and_records_what_it_says) {
  receive_text("SM1", "START");
  ASSERT_EQ(send_text(domain::send_purpose::conversational, "m1").result, outcome::ok);
  auto refreshed = ask(refresh_status{phone, "SMout1", {}});
  EXPECT_EQ(refreshed.result, outcome::ok) << why(refreshed);
  EXPECT_EQ(log_.events.back().type, "MessageStatusChanged");
  EXPECT_NE(log_.events.back().data.find("\"delivered\""), std::string::npos) << log_.events.back().data;
}

TEST_F(thread_actor_test, a_history_sync_lists_both_directions_and_imports_the_newest_oldest_first) {
  twilio_.sent = {listed("SMa", "outbound-api", "Open house at 2", "2026-07-01T16:00:00Z")};
  twilio_.received = {listed("SMc", "inbound", "See you there", "2026-07-01T17:00:00Z"),
                      listed("SMb", "inbound", "Which house?", "2026-07-01T16:30:00Z")};
  sync_history sync;
  sync.limit = 2;
  auto reply = ask(sync);
  EXPECT_EQ(reply.result, outcome::ok) << why(reply);
  EXPECT_EQ(reply.body, R"({"imported":2,"skipped":0})");
  ASSERT_EQ(twilio_.lists.size(), 2u);
  EXPECT_EQ(twilio_.lists[0].to, phone);    // what we sent to them
  EXPECT_EQ(twilio_.lists[1].from, phone);  // what they sent us
  ASSERT_EQ(log_.events.size(), 2u);        // the newest two of three, oldest first
  EXPECT_NE(log_.events[0].data.find("SMb"), std::string::npos);
  EXPECT_NE(log_.events[1].data.find("SMc"), std::string::npos);
  auto again = ask(sync);
  EXPECT_EQ(again.body, R"({"imported":0,"skipped":2})");
}

}  // namespace
}  // namespace crm::actors
