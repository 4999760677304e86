#pragma once
// An inbound text as the webhook hands it to a number's thread actor, for tests that drive the
// actors without HTTP.

#include <string>

#include "actors/commands.hpp"

namespace crm::testing {

inline actors::thread_command inbound_text_command(const std::string& phone, const std::string& sid,
                                                   actors::start_deadline start_by = {}) {
  actors::thread_command cmd;
  cmd.what = actors::thread_command::kind::inbound;
  cmd.phone = phone;
  cmd.inbound.sid = sid;
  cmd.inbound.from = phone;
  cmd.inbound.to = "+17605550100";
  cmd.inbound.body = "Is the house on Elm still available?";
  cmd.inbound.num_segments = 1;
  cmd.start_by = start_by;
  return cmd;
}

}  // namespace crm::testing
