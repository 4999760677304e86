// Runs every tests/scenarios/*.scenario file: consent rules as data (style.md, item 10).
//
//   # comment
//   given <UTC time> grant checkbox user=u1 ip=203.0.113.5 agent="Mozilla/5.0" version=v2 wording="..."
//   given <UTC time> grant keyword sid=SM1 text=START
//   given <UTC time> revoke keyword sid=SM2 text=STOP
//   given <UTC time> revoke agent user=u1 note="asked on a call"
//   given <UTC time> opt_in_request sid=SM3 user=u1
//   given <UTC time> inbound sid=SM4 text="Stop."        (decide_inbound, as the thread actor does)
//   when <UTC time> <purpose> [state=CA] [region=US] [area="Escondido, CA"] [confirmed=yes]
//        (confirmed=yes: the agent confirmed a text to a possible opt-out)
//   when <UTC time> resolve <revoke|keep> [reason="..."] [user=u1] [email=a@example.com]
//        (decide_possible_opt_out_resolution; its events are applied when it succeeds)
//   then allowed | then refused <reason>                (the last send)
//   then resolved | then error <no_possible_opt_out|reason_required>   (the last resolve)
//   then status <none|opted_in|opted_out>
//   then reply <none|help|help_opted_out|opted_in|opt_in_still_blocked|opted_out>
//        (what the last inbound text was answered: keyword_replies' default of that name)
//   then events <Type>...          (the last inbound text's or resolution's events, in order)
//   then flagged "<phrase>" | then not_flagged          (the thread's standing possible opt-out)
//
// The ledger events (grant, revoke, opt_in_request) fold into the thread's consent directly; an
// inbound text goes through decide_inbound and its events through the thread's evolve. A send
// only asks decide_outbound: its events are not applied.
#include "domain/consent_policy.hpp"
#include "domain/possible_opt_out_resolution.hpp"
#include "domain/thread_decisions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "scenario_text.hpp"
#include "test_time.hpp"

namespace crm::domain {
namespace {

namespace fs = std::filesystem;

using testing::options_of;
using testing::words_of;

class scenario_runner {
public:
  explicit scenario_runner(std::string name) : name_(std::move(name)) { thread_.phone = "+17605550142"; }

  void line(int number, const std::string& text) {
    where_ = name_ + ":" + std::to_string(number);
    auto words = words_of(text);
    if (words.empty() || words[0][0] == '#') return;
    if (words[0] == "given") return given(words);
    if (words[0] == "when") return when(words);
    if (words[0] == "then") return then(words);
    ADD_FAILURE() << where_ << ": unknown line: " << text;
  }

  void finish() {
    EXPECT_GT(checks_, 0) << name_ << ": a scenario must check something";
    EXPECT_EQ(pending_, asked_nothing) << name_ << ": a 'when' without a 'then'";
  }

private:
  instant time_at(const std::vector<std::string>& words) {
    auto t = words.size() > 1 ? testing::parse_utc(words[1]) : std::nullopt;
    if (!t) ADD_FAILURE() << where_ << ": bad time";
    return t.value_or(instant{});
  }

  void given(const std::vector<std::string>& words) {
    ASSERT_GE(words.size(), 3u) << where_;
    const instant at = time_at(words);
    const std::string& kind = words[2];
    const std::string detail = words.size() > 3 ? words[3] : "";
    auto o = options_of(words, 3);
    auto& ledger = thread_.consent;
    if (kind == "grant" && detail == "checkbox") {
      evolve(ledger,
             consent_granted{at, checkbox_evidence{o["user"], o["ip"], o["agent"], o["version"], o["wording"]}});
    } else if (kind == "grant" && detail == "keyword") {
      evolve(ledger, consent_granted{at, keyword_evidence{o["sid"], o["text"]}});
    } else if (kind == "revoke" && detail == "keyword") {
      evolve(ledger, consent_revoked{at, keyword_evidence{o["sid"], o["text"]}});
    } else if (kind == "revoke" && detail == "agent") {
      evolve(ledger, consent_revoked{at, agent_action_evidence{o["user"], o["note"]}});
    } else if (kind == "opt_in_request") {
      evolve(ledger, opt_in_requested{at, o["sid"], o["user"], o["message"]});
    } else if (kind == "inbound") {
      inbound_text text;
      text.sid = o["sid"];
      text.from = thread_.phone;
      text.to = "+17605550100";
      text.body = o["text"];
      last_inbound_ = decide_inbound(thread_, text, replies_, at);
      last_events_ = last_inbound_.events;
      for (auto& event : last_events_) evolve(thread_, event);
    } else {
      ADD_FAILURE() << where_ << ": unknown event " << kind << " " << detail;
    }
  }

  void when(const std::vector<std::string>& words) {
    ASSERT_GE(words.size(), 3u) << where_;
    EXPECT_EQ(pending_, asked_nothing) << where_ << ": the previous 'when' has no 'then'";
    const instant now = time_at(words);
    if (words[2] == "resolve") return when_resolve(words, now);
    auto purpose = parse_send_purpose(words[2]);
    ASSERT_TRUE(purpose) << where_ << ": unknown purpose " << words[2];
    auto o = options_of(words, 3);
    recipient_location location{o["state"], o["region"], o["area"]};
    outbound_request request;
    request.message_id = "m" + std::to_string(++sends_);
    request.to = thread_.phone;
    request.body = "Hello";
    request.purpose = *purpose;
    request.confirmed_possible_opt_out = o["confirmed"] == "yes";
    decision_ = decide_outbound(thread_, request, now, location);
    pending_ = asked_send;
  }

  void when_resolve(const std::vector<std::string>& words, instant now) {
    ASSERT_GE(words.size(), 4u) << where_;
    auto resolution = parse_possible_opt_out_resolution(words[3]);
    ASSERT_TRUE(resolution) << where_ << ": resolve revoke or keep, not " << words[3];
    auto o = options_of(words, 4);
    actor_context who;
    who.user_id = o["user"];
    who.user_email = o["email"];
    resolution_ = decide_possible_opt_out_resolution(thread_, *resolution, o["reason"], who, now);
    if (resolution_.ok()) {
      last_events_ = resolution_.events;
      for (auto& event : last_events_) evolve(thread_, event);
    }
    pending_ = asked_resolve;
  }

  void then(const std::vector<std::string>& words) {
    ASSERT_GE(words.size(), 2u) << where_;
    ++checks_;
    if (words[1] == "status") {
      ASSERT_EQ(words.size(), 3u) << where_;
      EXPECT_EQ(consent_status_name(thread_.consent.status), words[2]) << where_;
      return;
    }
    if (words[1] == "reply") return then_reply(words);
    if (words[1] == "events") {
      std::vector<std::string> types;
      for (auto& event : last_events_) types.push_back(encode(event).type);
      EXPECT_EQ(types, std::vector<std::string>(words.begin() + 2, words.end())) << where_;
      return;
    }
    if (words[1] == "flagged") {
      ASSERT_EQ(words.size(), 3u) << where_;
      ASSERT_TRUE(thread_.possible_opt_out) << where_ << ": not flagged";
      EXPECT_EQ(thread_.possible_opt_out->phrase, words[2]) << where_;
      return;
    }
    if (words[1] == "not_flagged") {
      EXPECT_FALSE(thread_.possible_opt_out) << where_ << ": flagged " << thread_.possible_opt_out->phrase;
      return;
    }
    ASSERT_NE(pending_, asked_nothing) << where_ << ": 'then " << words[1] << "' without a 'when'";
    const auto asked_for = pending_;
    pending_ = asked_nothing;
    if (words[1] == "resolved" || words[1] == "error") {
      ASSERT_EQ(asked_for, asked_resolve) << where_ << ": 'then " << words[1] << "' after a send";
      if (words[1] == "resolved") {
        EXPECT_TRUE(resolution_.ok()) << where_ << ": " << resolution_error_code(*resolution_.error);
      } else {
        ASSERT_EQ(words.size(), 3u) << where_;
        ASSERT_FALSE(resolution_.ok()) << where_ << ": resolved";
        EXPECT_EQ(resolution_error_code(*resolution_.error), words[2]) << where_;
      }
      return;
    }
    ASSERT_EQ(asked_for, asked_send) << where_ << ": 'then " << words[1] << "' after a resolve";
    if (words[1] == "allowed") {
      EXPECT_FALSE(decision_.refusal) << where_ << ": refused " << reason_code(*decision_.refusal);
    } else if (words[1] == "refused" && words.size() == 3) {
      ASSERT_TRUE(decision_.refusal) << where_ << ": allowed";
      EXPECT_EQ(reason_code(*decision_.refusal), words[2]) << where_;
    } else {
      ADD_FAILURE() << where_ << ": unknown expectation";
    }
  }

  void then_reply(const std::vector<std::string>& words) {
    ASSERT_EQ(words.size(), 3u) << where_;
    const std::map<std::string, std::string> named = {{"help", replies_.help},
                                                      {"help_opted_out", replies_.help_opted_out},
                                                      {"opted_in", replies_.opted_in},
                                                      {"opt_in_still_blocked", replies_.opt_in_still_blocked},
                                                      {"opted_out", replies_.opted_out}};
    if (words[2] == "none") {
      EXPECT_TRUE(last_inbound_.replies.empty()) << where_ << ": answered " << last_inbound_.replies.front();
      return;
    }
    auto reply = named.find(words[2]);
    ASSERT_NE(reply, named.end()) << where_ << ": unknown reply " << words[2];
    EXPECT_EQ(last_inbound_.replies, std::vector<std::string>{reply->second}) << where_;
  }

  std::string name_;
  std::string where_;
  thread_state thread_;
  keyword_replies replies_;
  inbound_decision last_inbound_;
  thread_events last_events_;
  outbound_decision decision_;
  resolution_decision resolution_;
  int sends_ = 0;
  enum asked { asked_nothing, asked_send, asked_resolve };
  asked pending_ = asked_nothing;
  int checks_ = 0;
};

std::vector<fs::path> scenario_files() {
  return testing::scenario_files(fs::path(CRM_SOURCE_DIR) / "tests" / "scenarios");
}

class consent_scenario : public ::testing::TestWithParam<fs::path> {};

TEST_P(consent_scenario, holds) {
  std::ifstream in(GetParam());
  ASSERT_TRUE(in) << GetParam();
  scenario_runner runner(GetParam().filename().string());
  std::string text;
  int number = 0;
  while (std::getline(in, text)) runner.line(++number, text);
  runner.finish();
}

std::string test_name(const ::testing::TestParamInfo<fs::path>& info) {
  return testing::scenario_test_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(files, consent_scenario, ::testing::ValuesIn(scenario_files()), test_name);

TEST(consent_scenarios, the_folder_is_found) { EXPECT_GE(scenario_files().size(), 15u); }

}  // namespace
}  // namespace crm::domain
