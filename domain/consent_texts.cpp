#include "domain/consent_texts.hpp"

namespace crm::domain {

std::string opt_in_request_text(const std::string& agent_name) {
  return "Hey this is " + agent_name +
         ", your trusted real estate agent! Type 'OPT IN' to receive text alerts. Msg & data rates may apply. "
         "Reply STOP to opt out.";
}

keyword_replies::keyword_replies() : keyword_replies(default_agent_name) {}

keyword_replies::keyword_replies(const std::string& agent_name)
    : help("Texts from " + agent_name + ", your real estate agent. Reply STOP to opt out. Msg & data rates may apply."),
      help_opted_out("You are unsubscribed from texts from " + agent_name +
                     ". Reply START to receive texts again. Msg & data rates may apply."),
      opted_in("You are now opted in to texts from " + agent_name + ". Reply STOP to opt out."),
      opt_in_still_blocked(
          "We recorded your OPT IN, but your earlier STOP still blocks all texts to this number. "
          "Reply START to receive texts again."),
      opted_out("You are unsubscribed and will get no more texts from " + agent_name +
                ". Reply START to receive texts again.") {}

}  // namespace crm::domain
