#include "domain/message_status.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace crm::domain {
namespace {

// Every status Twilio documents, "" (nothing yet) and one it does not ("mystery"), by letter.
struct named_status {
  char letter;
  const char* status;
};
const std::vector<named_status> statuses = {
    {'-', ""},          {'A', "accepted"},    {'S', "scheduled"}, {'Q', "queued"},
    {'G', "sending"},   {'R', "receiving"},   {'T', "sent"},      {'P', "partially_delivered"},
    {'D', "delivered"}, {'U', "undelivered"}, {'F', "failed"},    {'C', "canceled"},
    {'V', "received"},  {'E', "read"},        {'M', "mystery"},
};

// expected[row][column]: the status after a message in the row's status receives the
// column's. Columns in the order of `statuses`.
const std::vector<std::string> expected = {
    //          -ASQGRTPDUFCVEM
    /* - */ "-ASQGRTPDUFCVEM",
    /* A */ "AASQGRTPDUFCVEA",
    /* S */ "SSSQGRTPDUFCVES",
    /* Q */ "QQQQGRTPDUFCVEQ",
    /* G */ "GGGGGGTPDUFCVEG",
    /* R */ "RRRRRRTPDUFCVER",
    /* T */ "TTTTTTTPDUFCVET",
    /* P */ "PPPPPPPPDUFCVEP",
    /* D */ "DDDDDDDDDDDDDED",
    /* U */ "UUUUUUUUUUUUUUU",
    /* F */ "FFFFFFFFFFFFFFF",
    /* C */ "CCCCCCCCCCCCCCC",
    /* V */ "VVVVVVVVVVVVVVV",
    /* E */ "EEEEEEEEEEEEEEE",
    /* M */ "MASQGRTPDUFCVEM",
};

const char* status_of(char letter) {
  for (const auto& s : statuses) {
    if (s.letter == letter) return s.status;
  }
  return "?";
}

TEST(message_status, every_ordered_pair) {
  ASSERT_EQ(expected.size(), statuses.size());
  for (std::size_t row = 0; row < statuses.size(); ++row) {
    ASSERT_EQ(expected[row].size(), statuses.size());
    for (std::size_t column = 0; column < statuses.size(); ++column) {
      delivery_state current{statuses[row].status, std::nullopt, "", ""};
      auto next = merge_status(current, {statuses[column].status, std::nullopt, ""});
      EXPECT_EQ(next.status, status_of(expected[row][column]))
          << statuses[row].status << " <- " << statuses[column].status;
      // Merging the same update again changes nothing.
      EXPECT_EQ(merge_status(next, {statuses[column].status, std::nullopt, ""}), next);
      // An unknown status is remembered as text, and only that way.
      EXPECT_EQ(next.last_unknown_status, statuses[column].letter == 'M' ? "mystery" : "");
    }
  }
}

TEST(message_status, final_statuses_never_go_back) {
  for (const char* final_status : {"delivered", "undelivered", "failed", "canceled", "received"}) {
    EXPECT_TRUE(is_final_status(final_status));
    for (const auto& s : statuses) {
      auto next = merge_status({final_status, std::nullopt, "", ""}, {s.status, std::nullopt, ""});
      if (std::string(final_status) == "delivered" && std::string(s.status) == "read") continue;
      EXPECT_EQ(next.status, final_status) << s.status;
    }
  }
  EXPECT_FALSE(is_final_status("sent"));
  EXPECT_FALSE(is_final_status("mystery"));
}

TEST(message_status, late_sent_never_overwrites_delivered) {
  auto state = merge_status({}, {"queued", std::nullopt, ""});
  state = merge_status(state, {"delivered", std::nullopt, ""});
  state = merge_status(state, {"sent", std::nullopt, ""});
  EXPECT_EQ(state.status, "delivered");
}

TEST(message_status, any_arrival_order_ends_in_the_same_state) {
  std::vector<status_update> life = {{"queued", std::nullopt, ""},
                                     {"sending", std::nullopt, ""},
                                     {"sent", std::nullopt, ""},
                                     {"undelivered", 30003, "Unreachable destination handset"}};
  std::vector<int> order = {0, 1, 2, 3};
  int permutations = 0;
  do {
    delivery_state state;
    for (int i : order) state = merge_status(state, life[static_cast<std::size_t>(i)]);
    EXPECT_EQ(state.status, "undelivered");
    EXPECT_EQ(state.error_code, 30003);
    EXPECT_EQ(state.error_message, "Unreachable destination handset");
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 24);
}

TEST(message_status, an_error_code_once_recorded_stays) {
  delivery_state state{"sent", std::nullopt, "", ""};
  state = merge_status(state, {"failed", 30008, "Unknown error"});
  EXPECT_EQ(state.error_code, 30008);
  state = merge_status(state, {"failed", std::nullopt, ""});
  EXPECT_EQ(state.error_code, 30008);
  state = merge_status(state, {"failed", 30005, "other"});
  EXPECT_EQ(state.error_code, 30008);
  EXPECT_EQ(state.error_message, "Unknown error");
}

TEST(message_status, error_codes_on_every_pair) {
  // The error of a report is recorded unless the report is stale (a known status that loses).
  for (std::size_t row = 0; row < statuses.size(); ++row) {
    for (std::size_t column = 0; column < statuses.size(); ++column) {
      delivery_state current{statuses[row].status, std::nullopt, "", ""};
      auto next = merge_status(current, {statuses[column].status, 30003, "x"});
      const char result = expected[row][column];
      const bool won = result == statuses[column].letter;
      const bool unknown_or_empty = statuses[column].letter == 'M' || statuses[column].letter == '-';
      const bool expect_error = won || unknown_or_empty;
      EXPECT_EQ(next.error_code.has_value(), expect_error) << statuses[row].status << " <- " << statuses[column].status;
      // A recorded error is never cleared by a report without one.
      auto after = merge_status(next, {statuses[column].status, std::nullopt, ""});
      EXPECT_EQ(after.error_code, next.error_code);
    }
  }
}

TEST(message_status, unknown_statuses) {
  EXPECT_FALSE(is_known_status("mystery"));
  EXPECT_FALSE(is_known_status(""));
  EXPECT_FALSE(is_known_status("DELIVERED"));  // Twilio sends lower case; anything else is unknown
  EXPECT_TRUE(is_known_status("partially_delivered"));
  auto state = merge_status({}, {"mystery", std::nullopt, ""});
  EXPECT_EQ(state.status, "mystery");
  state = merge_status(state, {"enigma", std::nullopt, ""});
  EXPECT_EQ(state.status, "mystery");
  EXPECT_EQ(state.last_unknown_status, "enigma");
  state = merge_status(state, {"sent", std::nullopt, ""});
  EXPECT_EQ(state.status, "sent");
  state = merge_status(state, {"mystery", std::nullopt, ""});
  EXPECT_EQ(state.status, "sent");
  EXPECT_EQ(state.last_unknown_status, "mystery");
}

}  // namespace
}  // namespace crm::domain
