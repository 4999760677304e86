#include "domain/us_time_zone.hpp"
#include "domain/state_time_zones.hpp"

#include <gtest/gtest.h>

#include "test_time.hpp"

namespace crm::domain {
namespace {

using testing::utc;
namespace z = us_zones;

TEST(us_time_zone, civil_days) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11'017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2026, 11, 25), 20'782);
}

TEST(us_time_zone, dst_starts_second_sunday_of_march_at_two) {
  // 2026-03-08: 2:00 EST is 07:00Z.
  EXPECT_EQ(utc_offset_minutes(utc("2026-03-08T06:59:59Z"), z::eastern), -300);
  EXPECT_EQ(utc_offset_minutes(utc("2026-03-08T07:00:00Z"), z::eastern), -240);
  // 2:00 PST is 10:00Z.
  EXPECT_EQ(utc_offset_minutes(utc("2026-03-08T09:59:59Z"), z::pacific), -480);
  EXPECT_EQ(utc_offset_minutes(utc("2026-03-08T10:00:00Z"), z::pacific), -420);
  // Other years: 2024-03-10, 2025-03-09, 2027-03-14.
  EXPECT_EQ(utc_offset_minutes(utc("2024-03-10T06:59:00Z"), z::eastern), -300);
  EXPECT_EQ(utc_offset_minutes(utc("2024-03-10T07:00:00Z"), z::eastern), -240);
  EXPECT_EQ(utc_offset_minutes(utc("2025-03-09T07:00:00Z"), z::eastern), -240);
  EXPECT_EQ(utc_offset_minutes(utc("2025-03-02T12:00:00Z"), z::eastern), -300);
  EXPECT_EQ(utc_offset_minutes(utc("2027-03-14T06:59:00Z"), z::eastern), -300);
  EXPECT_EQ(utc_offset_minutes(utc("2027-03-14T07:00:00Z"), z::eastern), -240);
}

TEST(us_time_zone, dst_ends_first_sunday_of_november_at_two) {
  // 2026-11-01: 2:00 EDT is 06:00Z.
  EXPECT_EQ(utc_offset_minutes(utc("2026-11-01T05:59:59Z"), z::eastern), -240);
  EXPECT_EQ(utc_offset_minutes(utc("2026-11-01T06:00:00Z"), z::eastern), -300);
  EXPECT_EQ(utc_offset_minutes(utc("2026-11-01T08:59:59Z"), z::pacific), -420);
  EXPECT_EQ(utc_offset_minutes(utc("2026-11-01T09:00:00Z"), z::pacific), -480);
  // 2024-11-03, 2025-11-02.
  EXPECT_EQ(utc_offset_minutes(utc("2024-11-03T05:59:00Z"), z::eastern), -240);
  EXPECT_EQ(utc_offset_minutes(utc("2024-11-03T06:00:00Z"), z::eastern), -300);
  EXPECT_EQ(utc_offset_minutes(utc("2025-11-02T06:00:00Z"), z::eastern), -300);
  EXPECT_EQ(utc_offset_minutes(utc("2025-11-01T12:00:00Z"), z::eastern), -240);
}

TEST(us_time_zone, zones_without_dst) {
  EXPECT_EQ(utc_offset_minutes(utc("2026-07-01T12:00:00Z"), z::hawaii), -600);
  EXPECT_EQ(utc_offset_minutes(utc("2026-07-01T12:00:00Z"), z::mountain_no_dst), -420);
  EXPECT_EQ(utc_offset_minutes(utc("2026-07-01T12:00:00Z"), z::mountain), -360);
  EXPECT_EQ(utc_offset_minutes(utc("2026-07-01T12:00:00Z"), z::chamorro), 600);
  EXPECT_EQ(utc_offset_minutes(utc("2026-07-01T12:00:00Z"), z::newfoundland), -150);
}

TEST(us_time_zone, local_minute_of_day) {
  EXPECT_EQ(local_minute_of_day(utc("2026-07-01T12:00:00Z"), z::eastern), 8 * 60);
  EXPECT_EQ(local_minute_of_day(utc("2026-01-15T12:00:00Z"), z::eastern), 7 * 60);
  EXPECT_EQ(local_minute_of_day(utc("2026-01-15T03:30:00Z"), z::pacific), 19 * 60 + 30);
  EXPECT_EQ(local_minute_of_day(utc("2026-01-15T00:00:00Z"), z::chamorro), 10 * 60);
  EXPECT_EQ(local_minute_of_day(utc("1969-12-31T23:00:00Z"), z::eastern), 18 * 60);
}

TEST(state_time_zones, states_by_code_and_name) {
  ASSERT_EQ(zones_of_state("CA").size(), 1u);
  EXPECT_EQ(zones_of_state("CA")[0].name, "Pacific");
  EXPECT_EQ(zones_of_state("california")[0].name, "Pacific");
  EXPECT_EQ(zones_of_state(" New  York ")[0].name, "Eastern");
  EXPECT_EQ(zones_of_state("tx").size(), 2u);
  EXPECT_EQ(zones_of_state("AZ")[0].name, "Mountain (no DST)");
  EXPECT_EQ(zones_of_state("ON")[0].name, "Eastern");
  EXPECT_TRUE(zones_of_state("").empty());
  EXPECT_TRUE(zones_of_state("Narnia").empty());
  EXPECT_TRUE(zones_of_state("XX").empty());
}

TEST(state_time_zones, geocoder_descriptions) {
  EXPECT_EQ(zones_of_region_description("California")[0].name, "Pacific");
  EXPECT_EQ(zones_of_region_description("New York, NY")[0].name, "Eastern");
  EXPECT_EQ(zones_of_region_description("Escondido, CA")[0].name, "Pacific");
  EXPECT_EQ(zones_of_region_description("Toronto, ON, Canada")[0].name, "Eastern");
  EXPECT_TRUE(zones_of_region_description("United States").empty());
  EXPECT_TRUE(zones_of_region_description("").empty());
  EXPECT_TRUE(zones_of_region_description(",,").empty());
}

}  // namespace
}  // namespace crm::domain
