// The runner's `then` lines: what the last `when` decided, and how the streams stand.
#include <gtest/gtest.h>

#include "scenario_events.hpp"
#include "scenario_text.hpp"
#include "thread_scenario_runner.hpp"

namespace crm::domain::testing {
namespace {

std::string yes_no(bool b) { return b ? "yes" : "no"; }

// Each expected field=value against what `actual` holds of `what`.
void expect_each(const std::map<std::string, std::string>& actual, const std::map<std::string, std::string>& expected,
                 const std::string& where, const std::string& what) {
  for (auto& [field, value] : expected) {
    auto it = actual.find(field);
    if (it == actual.end()) {
      ADD_FAILURE() << where << ": " << what << " has no " << field;
      continue;
    }
    EXPECT_EQ(it->second, value) << where << ": " << what << "'s " << field;
  }
}

}  // namespace

void thread_scenario_runner::then(const words& w) {
  ASSERT_GE(w.size(), 2u) << where_;
  ++checks_;
  checked_ = true;
  if (then_state(w)) return;
  ASSERT_FALSE(asked_.empty()) << where_ << ": 'then " << w[1] << "' without a 'when'";
  if (!then_decided(w)) ADD_FAILURE() << where_ << ": unknown expectation 'then " << w[1] << "'";
}

bool thread_scenario_runner::then_decided(const words& w) {
  const std::string& what = w[1];
  const std::string arg = w.size() > 2 ? w[2] : "";
  if (what == "events") {
    std::vector<std::string> types;
    for (auto& event : decided_) types.push_back(event.type);
    std::vector<std::string> expected(w.begin() + 2, w.end());
    if (expected == std::vector<std::string>{"none"}) expected.clear();
    EXPECT_EQ(types, expected) << where_;
  } else if (what == "event") {
    then_event(w);
  } else if (what == "allowed") {
    EXPECT_EQ(asked_, "send") << where_ << ": 'then allowed' after " << asked_;
    EXPECT_FALSE(refusal_) << where_ << ": refused " << reason_code(*refusal_);
  } else if (what == "refused") {
    EXPECT_EQ(asked_, "send") << where_ << ": 'then refused' after " << asked_;
    EXPECT_EQ(refusal_ ? reason_code(*refusal_) : "(allowed)", arg) << where_;
  } else if (what == "reply") {
    EXPECT_EQ(asked_, "inbound") << where_ << ": 'then reply' after " << asked_;
    then_reply(arg);
  } else if (what == "keyword") {
    EXPECT_EQ(asked_, "inbound") << where_ << ": 'then keyword' after " << asked_;
    EXPECT_EQ(keyword_kind_name(inbound_.keyword), arg) << where_;
  } else if (what == "input_error") {
    if (!input_error_) {
      ADD_FAILURE() << where_ << ": the body was accepted";
      return true;
    }
    EXPECT_EQ(input_error_->code, arg) << where_ << ": " << input_error_->message;
    auto o = options_of(w, 3);
    if (o.count("field")) {
      EXPECT_EQ(input_error_->field, o["field"]) << where_;
    }
  } else {
    return false;
  }
  return true;
}

// then event <Type>[#n] [field=value]... [-field]: the nth event of that type the last `when`
// decided, as the log's JSON writes it (field paths as json_field reads them).
void thread_scenario_runner::then_event(const words& w) {
  ASSERT_GE(w.size(), 3u) << where_ << ": then event <Type>[#n] [field=value]... [-field]...";
  auto type = w[2];
  int nth = 1;
  if (auto hash = type.find('#'); hash != std::string::npos) {
    nth = std::stoi(type.substr(hash + 1));
    type = type.substr(0, hash);
  }
  for (auto& event : decided_) {
    if (event.type == type && --nth == 0) return expect_fields(type, event.data, w, 3);
  }
  ADD_FAILURE() << where_ << ": no such " << w[2] << " was decided";
}

void thread_scenario_runner::expect_fields(const std::string& what, const std::string& json, const words& w,
                                           std::size_t from) {
  for (std::size_t i = from; i < w.size(); ++i) {
    if (w[i][0] == '-') {
      auto field = w[i].substr(1);
      EXPECT_FALSE(json_field(json, field)) << where_ << ": " << what << " has " << field << " in " << json;
      continue;
    }
    auto eq = w[i].find('=');
    if (eq == std::string::npos) {
      ADD_FAILURE() << where_ << ": field=value or -field, not " << w[i];
      continue;
    }
    auto field = w[i].substr(0, eq);
    auto value = json_field(json, field);
    EXPECT_EQ(value.value_or("(absent)"), w[i].substr(eq + 1))
        << where_ << ": " << what << "'s " << field << " in " << json;
  }
}

void thread_scenario_runner::then_reply(const std::string& expected) {
  const std::map<std::string, std::string> named = {{"help", replies_.help},
                                                    {"help_opted_out", replies_.help_opted_out},
                                                    {"opted_in", replies_.opted_in},
                                                    {"opt_in_still_blocked", replies_.opt_in_still_blocked},
                                                    {"opted_out", replies_.opted_out}};
  if (expected == "none") {
    EXPECT_TRUE(inbound_.replies.empty()) << where_ << ": answered " << inbound_.replies.front();
    return;
  }
  auto reply = named.find(expected);
  EXPECT_EQ(inbound_.replies, std::vector<std::string>{reply == named.end() ? expected : reply->second}) << where_;
}

bool thread_scenario_runner::then_state(const words& w) {
  const std::string& what = w[1];
  const std::string arg = w.size() > 2 ? w[2] : "";
  if (what == "status") {
    EXPECT_EQ(consent_status_name(thread_.consent.status), arg) << where_;
  } else if (what == "knows") {
    EXPECT_EQ(thread_.known_sids.count(arg), 1u) << where_ << ": the thread does not hold " << arg;
  } else if (what == "not_known") {
    EXPECT_EQ(thread_.known_sids.count(arg), 0u) << where_ << ": the thread holds " << arg;
  } else if (what == "linked") {
    EXPECT_EQ(thread_.linked_contact_id.empty() ? "none" : thread_.linked_contact_id, arg) << where_;
  } else if (what == "flagged") {
    EXPECT_EQ(thread_.possible_opt_out ? thread_.possible_opt_out->phrase : "(not flagged)", arg) << where_;
  } else if (what == "not_flagged") {
    EXPECT_FALSE(thread_.possible_opt_out) << where_ << ": flagged " << thread_.possible_opt_out->phrase;
  } else if (what == "delivery") {
    // then delivery <message id> [status=] [errorCode=] [errorMessage=] [rawStatus=] [sid=] [resolved=yes|no]
    auto it = thread_.outbound.find(arg);
    if (it == thread_.outbound.end()) {
      ADD_FAILURE() << where_ << ": the thread holds no message " << arg;
      return true;
    }
    auto& m = it->second;
    std::map<std::string, std::string> actual = {
        {"status", m.delivery.status},
        {"errorCode", m.delivery.error_code ? std::to_string(*m.delivery.error_code) : "null"},
        {"errorMessage", m.delivery.error_message},
        {"rawStatus", m.delivery.last_unknown_status},
        {"sid", m.sid},
        {"resolved", yes_no(m.resolved)}};
    expect_each(actual, options_of(w, 3), where_, "message " + arg);
  } else if (what == "contact") {
    // then contact [id=] [exists=yes|no] [deleted=yes|no] [phone=] [smsOptIn=yes|no]
    std::map<std::string, std::string> actual = {{"id", contact_.id},
                                                 {"exists", yes_no(contact_.exists)},
                                                 {"deleted", yes_no(contact_.deleted)},
                                                 {"phone", contact_.phone},
                                                 {"smsOptIn", yes_no(contact_.sms_opt_in)}};
    expect_each(actual, options_of(w, 2), where_, "the contact");
  } else if (what == "document") {
    expect_fields("the contact's document", contact_.document, w, 2);
  } else {
    return false;
  }
  return true;
}

}  // namespace crm::domain::testing
