#pragma once
// An inbound text as the webhook hands it to a number's thread actor, for tests that drive the
// actors without HTTP.

#include <string>

#include "actors/thread_commands.hpp"

namespace crm::testing {

inline actors::receive_text inbound_text_command(const std::string& phone, const std::string& sid,
                                                 actors::start_deadline start_by = {}) {
  actors::receive_text cmd;
  cmd.phone = phone;
  cmd.text.sid = sid;
  cmd.text.from = phone;
  cmd.text.to = "+17605550100";
  cmd.text.body = "Is the house on Elm still available?";
  cmd.text.num_segments = 1;
  cmd.start_by = start_by;
  return cmd;
}

}  // namespace crm::testing
