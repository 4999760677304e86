#pragma once
// Runs one tests/scenarios/threads/*.scenario file: a number's thread and the contact holding
// it, as Given (prior events), When (a command, decided by domain/), Then (what was decided, or
// how the streams stand after it). The language is described in thread_scenarios.test.cpp.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/contact.hpp"
#include "domain/contact_fields.hpp"
#include "domain/thread_decisions.hpp"
#include "domain/thread_state.hpp"

namespace crm::domain::testing {

class thread_scenario_runner {
public:
  explicit thread_scenario_runner(std::string name);

  /// One line of the file; `number` counts from 1.
  void line(int number, const std::string& text);
  /// After the last line: the file must have checked something, and every `when` was checked.
  void finish();

private:
  using words = std::vector<std::string>;
  using options = std::map<std::string, std::string>;

  void given(const words& w);
  void config(const words& w);
  void when(const words& w);
  void when_inbound(const options& o, instant now);
  void when_send(const words& w, const options& o, instant now);
  void when_twilio(const std::string& what, const options& o, instant now);
  void when_contact(const std::string& what, const options& o, instant now);
  void apply(const contact_decision& decision);
  void then(const words& w);
  bool then_decided(const words& w);
  bool then_state(const words& w);
  void then_event(const words& w);
  void then_reply(const std::string& expected);
  void expect_fields(const std::string& what, const std::string& json, const words& w, std::size_t from);

  std::string name_;
  std::string where_;
  thread_state thread_;
  contact_state contact_;
  std::map<std::string, std::string> auto_replies_;
  keyword_replies replies_;
  int checks_ = 0;
  int sends_ = 0;

  // The last `when`: what it asked, and what was decided (in order: the contact's events, this
  // thread's, the previous number's thread's).
  std::string asked_;
  bool checked_ = true;
  domain_events decided_;
  inbound_decision inbound_;
  std::optional<refusal_reason> refusal_;
  std::optional<contact_input_error> input_error_;
};

}  // namespace crm::domain::testing
