// The new-password policy: at least 10 code points, at most 1024 bytes, not a common password.

#include <gtest/gtest.h>

#include <string>

#include "domain/password_policy.hpp"

namespace crm::domain {
namespace {

const std::string too_short = "The password must be at least 10 characters long";
const std::string too_long = "The password must be at most 1024 bytes";
const std::string too_common = "That password is one of the 10,000 most common ones; choose another";

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(password_policy, fewer_than_ten_characters_is_too_short) {
  EXPECT_EQ(password_refusal(""), too_short);
  EXPECT_EQ(password_refusal("x7#kQ2!mz"), too_short);
  // Also common, but the length is what the person must fix first.
  EXPECT_EQ(password_refusal("password"), too_short);
}

TEST(password_policy, ten_uncommon_characters_are_accepted) {
  EXPECT_EQ(password_refusal("violet-owl"), std::nullopt);
  EXPECT_EQ(password_refusal("x7#kQ2!mzP"), std::nullopt);
}

TEST(password_policy, length_counts_code_points_not_bytes) {
  const std::string e_acute = "\xc3\xa9";                        // é, 2 bytes
  const std::string house = "\xf0\x9f\x8f\xa0";                  // U+1F3E0, 4 bytes
  EXPECT_EQ(password_refusal(repeated(e_acute, 9)), too_short);  // 18 bytes
  EXPECT_EQ(password_refusal(repeated(e_acute, 10)), std::nullopt);
  EXPECT_EQ(password_refusal(repeated(house, 9)), too_short);  // 36 bytes
  EXPECT_EQ(password_refusal(repeated(house, 10)), std::nullopt);
}

TEST(password_policy, more_than_1024_bytes_is_too_long) {
  EXPECT_EQ(password_refusal(std::string(1024, 'a')), std::nullopt) << "at the limit";
  EXPECT_EQ(password_refusal(std::string(1025, 'a')), too_long);
  EXPECT_EQ(password_refusal(repeated("\xc3\xa9", 513)), too_long);  // 513 code points, 1026 bytes
}

TEST(password_policy, common_passwords_are_refused_whatever_their_case) {
  for (const char* common : {"1234567890", "qwertyuiop", "password123", "PassWord123", "QWERTYUIOP", "Manchester"}) {
    EXPECT_EQ(password_refusal(common), too_common) << common;
  }
  // Near one is not one.
  EXPECT_EQ(password_refusal("password1234!"), std::nullopt);
}

TEST(password_policy, the_list_holds_the_10000_most_common_passwords) { EXPECT_EQ(common_password_count(), 10'000u); }

}  // namespace
}  // namespace crm::domain
