// The two lists a history sync reads (sent to the number, received from it) as one.
#include <gtest/gtest.h>

#include "domain/history_lists.hpp"

namespace crm::domain {
namespace {

listed_message at(const std::string& sid, std::optional<int> minute, bool inbound = false) {
  listed_message m;
  m.sid = sid;
  m.inbound = inbound;
  if (minute) m.created_at = instant{} + std::chrono::hours(24 * 365 * 50) + std::chrono::minutes(*minute);
  return m;
}

std::vector<std::string> sids(const std::vector<listed_message>& messages) {
  std::vector<std::string> out;
  for (auto& m : messages) out.push_back(m.sid);
  return out;
}

TEST(history_lists, interleaves_both_directions_newest_first) {
  auto merged = newest_first({at("S3", 3), at("S1", 1)}, {at("R4", 4, true), at("R2", 2, true)}, 10);
  EXPECT_EQ(sids(merged), (std::vector<std::string>{"R4", "S3", "R2", "S1"}));
}

TEST(history_lists, keeps_only_the_newest_limit) {
  auto merged = newest_first({at("S3", 3), at("S1", 1)}, {at("R4", 4, true), at("R2", 2, true)}, 3);
  EXPECT_EQ(sids(merged), (std::vector<std::string>{"R4", "S3", "R2"}));
}

TEST(history_lists, an_undated_message_is_the_oldest_and_a_tie_puts_the_sent_first) {
  auto merged = newest_first({at("S-undated", std::nullopt), at("S5", 5)}, {at("R5", 5, true)}, 10);
  EXPECT_EQ(sids(merged), (std::vector<std::string>{"S5", "R5", "S-undated"}));
}

TEST(history_lists, empty_lists_give_nothing) { EXPECT_TRUE(newest_first({}, {}, 100).empty()); }

}  // namespace
}  // namespace crm::domain
