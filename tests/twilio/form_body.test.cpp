#include <gtest/gtest.h>

#include "twilio/form_body.hpp"

namespace crm::twilio {
namespace {

form_params parse_ok(std::string_view body) {
  auto r = parse_form(body);
  EXPECT_TRUE(r) << (r.error ? r.error->message : "");
  return r.params.value_or(form_params{});
}

TEST(form_body, decodes_plus_and_percent) {
  auto p = parse_ok("Body=Hello+World%21&From=%2B14155550100");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], (std::pair<std::string, std::string>{"Body", "Hello World!"}));
  EXPECT_EQ(p[1].second, "+14155550100");
}

TEST(form_body, percent_2b_is_a_literal_plus_and_plus_is_space) {
  auto p = parse_ok("a=%2B&b=+&c=%2b%20");
  EXPECT_EQ(form_value(p, "a"), "+");
  EXPECT_EQ(form_value(p, "b"), " ");
  EXPECT_EQ(form_value(p, "c"), "+ ");
}

TEST(form_body, utf8_bytes_survive) {
  auto p = parse_ok("Body=%F0%9F%98%80%C3%A9");
  EXPECT_EQ(form_value(p, "Body"), "\xF0\x9F\x98\x80\xC3\xA9");
}

TEST(form_body, bad_escapes_are_errors_with_offset) {
  for (std::string_view bad : {"a=%zz", "a=%", "a=%4", "a=1&b=%G1", "%zz=1", "a=%%41"}) {
    auto r = parse_form(bad);
    EXPECT_FALSE(r) << bad;
    ASSERT_TRUE(r.error.has_value()) << bad;
    EXPECT_NE(r.error->message.find("bad percent escape"), std::string::npos);
    EXPECT_EQ(bad[r.error->offset], '%') << bad;
  }
  EXPECT_EQ(parse_form("a=1&b=%zz").error->offset, 6u);
}

TEST(form_body, empty_values_names_and_pairs) {
  auto p = parse_ok("Body=&NumMedia=0&flag&&=x&");
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(form_value(p, "Body"), "");
  EXPECT_EQ(form_value(p, "flag"), "");
  EXPECT_EQ(form_value(p, ""), "x");
  EXPECT_TRUE(parse_ok("").empty());
  EXPECT_TRUE(parse_ok("&&").empty());
}

TEST(form_body, value_may_contain_equals) {
  auto p = parse_ok("u=a=b%3Dc");
  EXPECT_EQ(form_value(p, "u"), "a=b=c");
}

TEST(form_body, repeated_keys_kept_in_order) {
  auto p = parse_ok("MediaUrl=a&To=x&MediaUrl=b&MediaUrl=c");
  EXPECT_EQ(form_values(p, "MediaUrl"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(form_value(p, "MediaUrl"), "a");
  EXPECT_FALSE(form_value(p, "Missing").has_value());
  EXPECT_TRUE(form_values(p, "Missing").empty());
}

TEST(form_body, encode_round_trips) {
  form_params p = {{"To", "+15005550006"},
                   {"Body", "Hi & bye = 100% ✓\n"},
                   {"MediaUrl", "https://x.test/a?b=c"},
                   {"MediaUrl", ""},
                   {"Date Sent<", "2023-01-01"}};
  std::string encoded = encode_form(p);
  EXPECT_EQ(encoded.find(' '), std::string::npos);
  EXPECT_NE(encoded.find("To=%2B15005550006"), std::string::npos);
  EXPECT_NE(encoded.find("Date+Sent%3C="), std::string::npos);
  EXPECT_EQ(parse_ok(encoded), p);
}

TEST(form_body, decode_component) {
  EXPECT_EQ(form_decode("a+b%41"), "a bA");
  EXPECT_FALSE(form_decode("%4").has_value());
  EXPECT_EQ(form_encode_component("a b+c/~"), "a+b%2Bc%2F~");
}

}  // namespace
}  // namespace crm::twilio
