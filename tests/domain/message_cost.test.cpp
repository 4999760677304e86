#include "domain/message_cost.hpp"

#include <gtest/gtest.h>

#include <string>

namespace crm::domain {
namespace {

TEST(message_cost, sms_is_segments_times_price) {
  auto one = estimate_cost("Hello", false);
  EXPECT_EQ(one.segments, 1u);
  EXPECT_EQ(one.total_micros, 7'900);
  EXPECT_EQ(format_usd(one.total_micros), "0.0079");
  auto two = estimate_cost(std::string(161, 'a'), false);
  EXPECT_EQ(two.segments, 2u);
  EXPECT_EQ(format_usd(two.total_micros), "0.0158");
}

TEST(message_cost, mms_is_one_price_per_message) {
  auto mms = estimate_cost(std::string(500, 'a'), true);
  EXPECT_EQ(mms.segments, 1u);
  EXPECT_EQ(format_usd(mms.total_micros), "0.02");
}

TEST(message_cost, campaign_multiplies_by_recipients) {
  auto campaign = estimate_cost(std::string(161, 'a'), false, 1000);
  EXPECT_EQ(campaign.messages, 1000u);
  EXPECT_EQ(format_usd(campaign.total_micros), "15.80");
  EXPECT_EQ(estimate_cost("hi", false, 0).total_micros, 0);
}

TEST(message_cost, prices_are_configurable) {
  message_prices prices;
  prices.sms_segment_micros = *parse_usd("0.0083");
  prices.mms_message_micros = *parse_usd("$0.0220");
  EXPECT_EQ(estimate_cost("Hello", false, 1, prices).total_micros, 8'300);
  EXPECT_EQ(estimate_cost("Hello", true, 1, prices).total_micros, 22'000);
}

TEST(message_cost, empty_sms_costs_nothing) { EXPECT_EQ(estimate_cost("", false).total_micros, 0); }

TEST(message_cost, format_usd) {
  EXPECT_EQ(format_usd(0), "0.00");
  EXPECT_EQ(format_usd(1), "0.000001");
  EXPECT_EQ(format_usd(12'500'000), "12.50");
  EXPECT_EQ(format_usd(-7'500), "-0.0075");
}

TEST(message_cost, parse_usd) {
  EXPECT_EQ(parse_usd("0.0079"), 7'900);
  EXPECT_EQ(parse_usd("1"), 1'000'000);
  EXPECT_EQ(parse_usd(".5"), 500'000);
  EXPECT_EQ(parse_usd("0.0000010"), 1);
  EXPECT_FALSE(parse_usd(""));
  EXPECT_FALSE(parse_usd("$"));
  EXPECT_FALSE(parse_usd("."));
  EXPECT_FALSE(parse_usd("abc"));
  EXPECT_FALSE(parse_usd("-1"));
  EXPECT_FALSE(parse_usd("0.0000001"));
  EXPECT_FALSE(parse_usd("99999999999999999999"));
}

}  // namespace
}  // namespace crm::domain
