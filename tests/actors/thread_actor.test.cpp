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
    // Twilio takes every text; the jobs it was given are what the test checks.
    refs_.gateway = system_.spawn([](caf::event_based_actor*, std::vector<gateway_job>* jobs) -> caf::behavior {
      return {[jobs](send_atom, const gateway_job& job) {
        jobs->push_back(job);
        gateway_result result;
        result.result = gateway_result::kind::accepted;
        result.message.sid = "SMout" + std::to_string(jobs->size());
        result.message.status = "queued";
        result.message.num_segments = 1;
        return result;
      }};
    }, &gateway_jobs_);
    thread_ = spawn_thread_actor(system_, phone, refs_);
  }

  ~thread_actor_test() override {
    for (auto& actor : {thread_, refs_.gateway, refs_.log.appender, refs_.log.readers})
      self_->send_exit(actor, caf::exit_reason::user_shutdown);
    sched_.run();
  }

  /// Gives the thread `cmd` and runs every actor until nothing is left to do.
  command_reply ask(thread_command cmd) {
    cmd.phone = phone;
    auto answer = self_->request(thread_, caf::infinite, std::move(cmd));
    sched_.run();
    command_reply reply;
    answer.receive([&](const command_reply& r) { reply = r; },
                   [&](const caf::error& e) { reply.message = "error: " + system_.render(e); });
    return reply;
  }

  command_reply receive_text(const std::string& sid, const std::string& body) {
    auto cmd = crm::testing::inbound_text_command(phone, sid);
    cmd.inbound.body = body;
    return ask(std::move(cmd));
  }

  command_reply send_text(domain::send_purpose purpose, const std::string& id) {
    thread_command cmd;
    cmd.what = thread_command::kind::send;
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
  std::vector<gateway_job> gateway_jobs_;
  entity_refs refs_;
  caf::actor thread_;
};

TEST_F(thread_actor_test, given_a_stop_when_the_agent_texts_then_the_text_is_refused_and_twilio_is_not_asked) {
  auto stop = receive_text("SM1", "STOP");
  EXPECT_EQ(stop.result, outcome::ok) << stop.message;
  EXPECT_TRUE(stop.replies.empty());  // Twilio confirms its own opt-out words
  auto refused = send_text(domain::send_purpose::conversational, "m1");
  EXPECT_EQ(refused.error, command_error::opted_out);
  EXPECT_EQ(refused.code, "opted_out");
  EXPECT_TRUE(gateway_jobs_.empty());
  EXPECT_EQ(types_in_log(), (std::vector<std::string>{"InboundMessageReceived", "ConsentRevoked", "OutboundMessageBlocked"}));
}

TEST_F(thread_actor_test, given_an_opt_in_when_it_is_night_for_the_recipient_then_marketing_waits_for_the_morning) {
  receive_text("SM1", "START");
  clock_->set(utc("2026-07-02T05:30:00Z"));  // 22:30 in San Diego
  auto night = send_text(domain::send_purpose::marketing, "m1");
  EXPECT_EQ(night.error, command_error::quiet_hours);
  EXPECT_TRUE(gateway_jobs_.empty());
  clock_->advance(hours(11));  // 9:30 in San Diego
  auto morning = send_text(domain::send_purpose::marketing, "m2");
  EXPECT_EQ(morning.result, outcome::ok) << morning.message;
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
  EXPECT_EQ(sent.result, outcome::ok) << sent.message;
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

}  // namespace
}  // namespace crm::actors
