// decide_inbound's answers to keywords say what actually happened (issue 17): each one is
// checked against the ledger the same decision's events leave behind.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "domain/iso_time.hpp"
#include "domain/thread_decisions.hpp"

namespace crm::domain {
namespace {

instant at(const char* iso) { return parse_iso8601(iso).value(); }

// A thread texted by one handset; each text goes through decide_inbound and the thread's evolve.
class handset {
public:
  handset() : handset(keyword_replies()) {}
  explicit handset(keyword_replies replies) : replies_(std::move(replies)) { thread_.phone = "+17605550142"; }

  inbound_decision texts(const std::string& body) {
    inbound_text text;
    text.sid = "SM" + std::to_string(++count_);
    text.from = thread_.phone;
    text.to = "+17605550100";
    text.body = body;
    auto decision = decide_inbound(thread_, text, replies_, at("2026-07-01T17:00:00Z") + std::chrono::minutes(count_));
    for (auto& event : decision.events) evolve(thread_, event);
    return decision;
  }
  std::vector<std::string> answer(const std::string& body) { return texts(body).replies; }

  thread_state thread_;
  keyword_replies replies_;
  int count_ = 0;
};

using replies = std::vector<std::string>;
const keyword_replies defaults;

TEST(keyword_replies, stop_is_confirmed_by_twilio_and_blocks_at_twilio) {
  handset phone;
  auto decision = phone.texts("Stop");
  EXPECT_TRUE(decision.replies.empty());
  ASSERT_EQ(decision.events.size(), 2u);
  EXPECT_EQ(encode(decision.events[1]).type, "ConsentRevoked");
  EXPECT_EQ(phone.thread_.consent.status, consent_status::opted_out);
  EXPECT_TRUE(phone.thread_.consent.stopped_by_keyword);
}

TEST(keyword_replies, opt_out_is_confirmed_by_the_product_and_blocks_nothing_at_twilio) {
  for (const char* word : {"opt out", "Opt-Out."}) {
    handset phone;
    auto decision = phone.texts(word);
    EXPECT_EQ(decision.keyword, keyword_kind::opt_out);
    EXPECT_EQ(decision.replies, replies{defaults.opted_out}) << word;
    ASSERT_EQ(decision.events.size(), 3u);
    EXPECT_EQ(encode(decision.events[1]).type, "ConsentRevoked");
    EXPECT_EQ(encode(decision.events[2]).type, "TwimlReplySent");  // the reply is in the thread's history
    EXPECT_NE(encode(decision.events[1]).data.find("\"source\":\"keyword\""), std::string::npos);
    EXPECT_EQ(phone.thread_.consent.status, consent_status::opted_out);
    EXPECT_FALSE(phone.thread_.consent.stopped_by_keyword);
    // No carrier block: OPT IN is enough to come back, and says so.
    EXPECT_EQ(phone.answer("OPT IN"), replies{defaults.opted_in});
    EXPECT_EQ(phone.thread_.consent.status, consent_status::opted_in);
  }
}

TEST(keyword_replies, opt_in_after_stop_says_the_block_stands_until_start) {
  handset phone;
  phone.texts("STOP");
  auto decision = phone.texts("opt in");
  EXPECT_EQ(decision.replies, replies{defaults.opt_in_still_blocked});
  ASSERT_EQ(decision.events.size(), 3u);
  EXPECT_EQ(encode(decision.events[1]).type, "ConsentGranted");  // the grant is evidence all the same
  EXPECT_EQ(encode(decision.events[2]).type, "TwimlReplySent");
  EXPECT_NE(encode(decision.events[2]).data.find("START"), std::string::npos);
  EXPECT_EQ(phone.thread_.consent.status, consent_status::opted_out);
  EXPECT_NE(defaults.opt_in_still_blocked.find("START"), std::string::npos);
  EXPECT_EQ(defaults.opt_in_still_blocked.find("now opted in"), std::string::npos);

  EXPECT_EQ(phone.answer("START"), replies{defaults.opted_in});
  EXPECT_EQ(phone.thread_.consent.status, consent_status::opted_in);
}

TEST(keyword_replies, opt_out_after_stop_keeps_the_block) {
  handset phone;
  phone.texts("STOP");
  EXPECT_EQ(phone.answer("opt out"), replies{defaults.opted_out});
  EXPECT_EQ(phone.answer("OPT IN"), replies{defaults.opt_in_still_blocked});
  EXPECT_EQ(phone.thread_.consent.status, consent_status::opted_out);
}

TEST(keyword_replies, every_opt_in_word_after_an_agents_revocation_opts_in) {
  for (const char* word : {"START", "yes", "Unstop", "OPT IN"}) {
    handset phone;
    evolve(phone.thread_.consent,
           consent_revoked{at("2026-06-01T17:00:00Z"), agent_action_evidence{"u1", "asked on a call"}});
    EXPECT_EQ(phone.answer(word), replies{defaults.opted_in}) << word;
    EXPECT_EQ(phone.thread_.consent.status, consent_status::opted_in) << word;
  }
}

TEST(keyword_replies, help_says_whether_texts_can_come) {
  handset phone;
  EXPECT_EQ(phone.answer("HELP"), replies{defaults.help});
  phone.texts("QUIT");
  EXPECT_EQ(phone.answer("info"), replies{defaults.help_opted_out});
  EXPECT_EQ(defaults.help_opted_out.find("Reply STOP"), std::string::npos);
  EXPECT_NE(defaults.help_opted_out.find("START"), std::string::npos);
  phone.texts("YES");
  EXPECT_EQ(phone.answer("Help!"), replies{defaults.help});
}

TEST(keyword_replies, configured_texts_never_override_the_truth) {
  keyword_replies configured;
  configured.extra = keyword_matcher({{"START", "Welcome back!"},
                                      {"OPT IN", "You're in!"},
                                      {"INFO", "Acme Realty. Reply STOP to opt out."},
                                      {"OPT OUT", "Bye from Acme."},
                                      {"STOP", "custom stop text"},
                                      {"HOURS", "Open 9-5."}});
  handset phone(configured);
  EXPECT_EQ(phone.answer("info"), replies{"Acme Realty. Reply STOP to opt out."});
  EXPECT_TRUE(phone.answer("STOP").empty());  // Twilio answers its own word
  EXPECT_EQ(phone.answer("OPT IN"), replies{configured.opt_in_still_blocked});
  EXPECT_EQ(phone.answer("INFO"), replies{configured.help_opted_out});
  EXPECT_EQ(phone.answer("hours"), replies{"Open 9-5."});
  EXPECT_EQ(phone.answer("start"), replies{"Welcome back!"});
  EXPECT_EQ(phone.answer("opt out"), replies{"Bye from Acme."});
  EXPECT_EQ(phone.answer("opt in"), replies{"You're in!"});
}

TEST(keyword_replies, ordinary_texts_get_no_answer) {
  handset phone;
  EXPECT_TRUE(phone.answer("Is the house on Elm still available?").empty());
  EXPECT_TRUE(phone.answer("Stop please").empty());
  EXPECT_EQ(phone.thread_.consent.status, consent_status::none);
}

// Every sequence of up to three keywords, from each starting point: whatever a reply says, the
// ledger left by the same text agrees with it.
TEST(keyword_replies, every_reply_agrees_with_the_ledger_it_leaves) {
  const std::vector<std::string> words = {"STOP", "opt out", "OPT-OUT", "OPT IN", "START",
                                          "YES",  "UNSTOP",  "HELP",    "QUIT",   "hello"};
  const std::vector<std::function<void(thread_state&)>> starts = {
      [](thread_state&) {},
      [](thread_state& t) {
        evolve(t.consent,
               consent_granted{at("2026-06-01T17:00:00Z"), checkbox_evidence{"u1", "", "", "v1", "I agree"}});
      },
      [](thread_state& t) {
        evolve(t.consent, consent_revoked{at("2026-06-01T17:00:00Z"), agent_action_evidence{"u1", "asked"}});
      },
  };
  int checked = 0;
  std::function<void(handset&, int)> explore = [&](handset& phone, int depth) {
    if (depth == 3) return;
    for (auto& word : words) {
      handset next = phone;
      auto answer = next.answer(word);
      auto& ledger = next.thread_.consent;
      bool opted_out = ledger.status == consent_status::opted_out;
      for (auto& reply : answer) {
        ++checked;
        if (reply == defaults.opted_in) {
          EXPECT_EQ(ledger.status, consent_status::opted_in) << word;
        } else if (reply == defaults.opt_in_still_blocked) {
          EXPECT_TRUE(opted_out && ledger.stopped_by_keyword) << word;
        } else if (reply == defaults.opted_out || reply == defaults.help_opted_out) {
          EXPECT_TRUE(opted_out) << word;
        } else if (reply == defaults.help) {
          EXPECT_FALSE(opted_out) << word;
        } else {
          ADD_FAILURE() << "unexpected reply to " << word << ": " << reply;
        }
      }
      // START, YES and UNSTOP always end with texts allowed; OPT IN only where nothing blocks.
      if (lifts_carrier_opt_out(word)) {
        EXPECT_EQ(ledger.status, consent_status::opted_in) << word;
      }
      explore(next, depth + 1);
    }
  };
  for (auto& start : starts) {
    handset phone;
    start(phone.thread_);
    explore(phone, 0);
  }
  EXPECT_GT(checked, 1000);
}

}  // namespace
}  // namespace crm::domain
