#include <gtest/gtest.h>

#include "twilio/rfc2822_time.hpp"

namespace crm::twilio {
namespace {

using std::chrono::seconds;

TEST(rfc2822_time, formats_contract_example) {
  // 2023-08-24T05:01:45Z
  time_point t{seconds(1692853305)};
  EXPECT_EQ(format_rfc2822(t), "Thu, 24 Aug 2023 05:01:45 +0000");
  EXPECT_EQ(format_iso8601(t), "2023-08-24T05:01:45Z");
  EXPECT_EQ(format_iso_date(t), "2023-08-24");
}

TEST(rfc2822_time, parses_contract_example_and_variants) {
  time_point t{seconds(1692853305)};
  EXPECT_EQ(parse_rfc2822("Thu, 24 Aug 2023 05:01:45 +0000"), t);
  EXPECT_EQ(parse_rfc2822("24 Aug 2023 05:01:45 GMT"), t);
  EXPECT_EQ(parse_rfc2822("Thu, 24 Aug 2023 07:01:45 +0200"), t);
  EXPECT_EQ(parse_rfc2822("Wed, 23 Aug 2023 22:01:45 -0700"), t);
  EXPECT_EQ(parse_rfc2822("Wed, 19 Jun 2019 22:04:00 -0000"), time_point{seconds(1560981840)});
}

TEST(rfc2822_time, rejects_malformed) {
  for (std::string_view bad :
       {"", "Thu 24 Aug 2023 05:01:45 +0000", "Thu, 24 Foo 2023 05:01:45 +0000", "Thu, 31 Feb 2023 05:01:45 +0000",
        "Thu, 24 Aug 2023 25:01:45 +0000", "Thu, 24 Aug 2023 05:01:45", "Thu, 24 Aug 2023 05:01:45 +00",
        "Xyz, 24 Aug 2023 05:01:45 +0000", "Thu, 24 Aug 2023 05:01:45 +0000 trailing", "null",
        "Fri, 31 Dec 9999 23:59:59 +0000", "Mon, 01 Jan 1800 00:00:00 +0000"}) {
    EXPECT_FALSE(parse_rfc2822(bad).has_value()) << bad;
  }
}

TEST(rfc2822_time, round_trips_across_centuries_and_leap_days) {
  for (long long s : {0LL, 951782400LL, 951868799LL, 1709164800LL, 4102444799LL, -86400LL, -2208988800LL, 1692853305LL,
                      7000000000LL}) {
    time_point t{seconds(s)};
    auto text = format_rfc2822(t);
    EXPECT_EQ(parse_rfc2822(text), t) << text;
  }
  EXPECT_EQ(format_rfc2822(time_point{seconds(951782400)}), "Tue, 29 Feb 2000 00:00:00 +0000");
  EXPECT_EQ(format_rfc2822(time_point{seconds(-86400)}), "Wed, 31 Dec 1969 00:00:00 +0000");
}

TEST(rfc2822_time, every_day_of_a_few_years_round_trips) {
  for (long long d = 0; d < 366 * 4; ++d) {
    time_point t{seconds(1577836800 + d * 86400 + 3723)};  // from 2020-01-01 01:02:03
    ASSERT_EQ(parse_rfc2822(format_rfc2822(t)), t);
    ASSERT_EQ(parse_iso8601(format_iso8601(t)), t);
  }
}

TEST(rfc2822_time, iso8601_filters) {
  bool date_only = false;
  EXPECT_EQ(parse_iso8601("2008-01-02", &date_only), time_point{seconds(1199232000)});
  EXPECT_TRUE(date_only);
  EXPECT_EQ(parse_iso8601("2023-08-24T05:01:45Z", &date_only), time_point{seconds(1692853305)});
  EXPECT_FALSE(date_only);
  EXPECT_EQ(parse_iso8601("2023-08-24 05:01:45"), time_point{seconds(1692853305)});
  EXPECT_FALSE(parse_iso8601("2023-13-01").has_value());
  EXPECT_FALSE(parse_iso8601("2023-8-1").has_value());
  EXPECT_FALSE(parse_iso8601("06/11/2019 22:05:25 MST").has_value());
  EXPECT_FALSE(parse_iso8601("9999-12-31").has_value());
}

}  // namespace
}  // namespace crm::twilio
