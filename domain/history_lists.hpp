#pragma once
// A history sync reads two of Twilio's lists, the texts we sent to a number and those it sent
// us (Twilio's list filters by one From and one To): this makes them one conversation.

#include <cstddef>
#include <vector>

#include "domain/thread_decisions.hpp"

namespace crm::domain {

/// `sent` and `received` as one list, newest first, cut to the newest `limit`. A message
/// without a date sorts as the oldest; at equal dates the sent one comes first.
std::vector<listed_message> newest_first(std::vector<listed_message> sent, const std::vector<listed_message>& received,
                                         std::size_t limit);

}  // namespace crm::domain
