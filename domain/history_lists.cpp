#include "domain/history_lists.hpp"

#include <algorithm>

namespace crm::domain {

std::vector<listed_message> newest_first(std::vector<listed_message> sent, const std::vector<listed_message>& received,
                                         std::size_t limit) {
  auto all = std::move(sent);
  all.insert(all.end(), received.begin(), received.end());
  std::stable_sort(all.begin(), all.end(), [](const listed_message& x, const listed_message& y) {
    return x.created_at.value_or(instant{}) > y.created_at.value_or(instant{});
  });
  if (all.size() > limit) all.resize(limit);
  return all;
}

}  // namespace crm::domain
