#include "domain/phone_number.hpp"

#include <gtest/gtest.h>

#include <string>

namespace crm::domain {
namespace {

std::string e164_of(std::string_view text, const std::string& region = "US") {
  auto parsed = parse_phone_number(text, region);
  return parsed ? parsed->e164 : std::string("<invalid>");
}

TEST(phone_number, parses_common_us_formats) {
  EXPECT_EQ(e164_of("(760) 555-0142"), "+17605550142");
  EXPECT_EQ(e164_of("760.555.0142"), "+17605550142");
  EXPECT_EQ(e164_of("1 760 555 0142"), "+17605550142");
  EXPECT_EQ(e164_of("+1 760-555-0142"), "+17605550142");
  EXPECT_EQ(e164_of("7605550142"), "+17605550142");
  EXPECT_EQ(e164_of("  +17605550142  "), "+17605550142");
}

TEST(phone_number, parses_international_numbers) {
  auto uk = parse_phone_number("+44 20 7946 0958");
  ASSERT_TRUE(uk);
  EXPECT_EQ(uk->e164, "+442079460958");
  EXPECT_EQ(uk->region_code, "GB");
  EXPECT_EQ(e164_of("020 7946 0958", "GB"), "+442079460958");
}

TEST(phone_number, reports_the_region_of_the_number) {
  auto us = parse_phone_number("(760) 555-0142");
  ASSERT_TRUE(us);
  EXPECT_EQ(us->region_code, "US");
  auto ca = parse_phone_number("+1 416 555 0123");
  ASSERT_TRUE(ca);
  EXPECT_EQ(ca->region_code, "CA");
}

TEST(phone_number, drops_extensions) {
  EXPECT_EQ(e164_of("(760) 555-0142 ext. 123"), "+17605550142");
  EXPECT_EQ(e164_of("760-555-0142 x12"), "+17605550142");
  EXPECT_EQ(e164_of("760-555-0142 extension 9"), "+17605550142");
  EXPECT_EQ(e164_of("760-555-0142#44"), "+17605550142");
  EXPECT_EQ(e164_of("+17605550142;ext=7"), "+17605550142");
}

TEST(phone_number, refuses_letters) {
  EXPECT_FALSE(parse_phone_number("+1 800 FLOWERS"));
  EXPECT_FALSE(parse_phone_number("1-800-flowers"));
  EXPECT_FALSE(parse_phone_number("760 555 CALL"));
  EXPECT_FALSE(parse_phone_number("call 7605550142"));
  EXPECT_FALSE(
      parse_phone_number("\xEF\xBC\xA1"
                         "7605550142"));  // full-width A
}

TEST(phone_number, refuses_invalid_numbers) {
  EXPECT_FALSE(parse_phone_number(""));
  EXPECT_FALSE(parse_phone_number("   "));
  EXPECT_FALSE(parse_phone_number("12345"));
  EXPECT_FALSE(parse_phone_number("+1 123 555 0142"));  // area codes never start with 1
  EXPECT_FALSE(parse_phone_number("+999 1234 5678"));
  EXPECT_FALSE(parse_phone_number("7605550142", ""));
  EXPECT_FALSE(parse_phone_number("7605550142", "XX"));
  EXPECT_FALSE(parse_phone_number(std::string(1000, '5')));
  EXPECT_FALSE(parse_phone_number(std::string_view("\0\xff\xfe", 3)));
}

TEST(phone_number, displays_national_at_home_and_international_abroad) {
  EXPECT_EQ(display_phone_number("+17605550142"), "(760) 555-0142");
  EXPECT_EQ(display_phone_number("+442079460958"), "+44 20 7946 0958");
  EXPECT_EQ(display_phone_number("+442079460958", "GB"), "020 7946 0958");
  EXPECT_EQ(display_phone_number("+17605550142", "GB"), "+1 760-555-0142");
  EXPECT_EQ(display_phone_number("not a number"), "not a number");
}

TEST(phone_number, digits_of_keeps_only_digits) {
  EXPECT_EQ(digits_of("(760) 555-01"), "76055501");
  EXPECT_EQ(digits_of("+1 760"), "1760");
  EXPECT_EQ(digits_of("no digits"), "");
  EXPECT_EQ(digits_of(""), "");
}

TEST(phone_number, describes_the_region) {
  EXPECT_EQ(describe_region("+17605550142"), "California");
  EXPECT_EQ(describe_region("+12125550142"), "New York, NY");
  EXPECT_EQ(describe_region("garbage"), "");
  EXPECT_EQ(describe_region(""), "");
}

// The parse is remembered per thread: a repeated text, a repeated refusal, the same text in
// another region, and more distinct texts than the memory holds all answer as a first parse.
TEST(phone_number, a_remembered_parse_answers_as_a_first_one) {
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(e164_of("020 7946 0958", "GB"), "+442079460958");
    EXPECT_EQ(e164_of("020 7946 0958", "US"), "<invalid>");
    EXPECT_EQ(e164_of("+1 800 FLOWERS"), "<invalid>");
    EXPECT_EQ(e164_of("(760) 555-0142 ext. 7"), "+17605550142");
  }
  for (int n = 0; n < 5000; ++n) {
    auto text = "+1760" + std::to_string(2000000 + n);
    ASSERT_EQ(e164_of(text), text) << n;
  }
  EXPECT_EQ(e164_of("020 7946 0958", "GB"), "+442079460958");
}

TEST(phone_number, the_error_text_matches_the_api) {
  EXPECT_STREQ(invalid_phone_message, "Phone number must be in E.164 format (e.g., +17605551234)");
}

}  // namespace
}  // namespace crm::domain
