// Every case of twilio-contract.md "Segments and encoding", plus the edges around them.
#include "domain/sms_segments.hpp"
#include "domain/segment_report.hpp"

#include <gtest/gtest.h>

#include <string>

namespace crm::domain {
namespace {

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

std::string digits(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + i % 10));
  return out;
}

const std::string grinning = "\xF0\x9F\x98\x80";                 // U+1F600
const std::string us_flag = "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8";  // U+1F1FA U+1F1F8
const std::string euro = "\xE2\x82\xAC";
const std::string a_acute = "\xC3\x81";  // Á

unsigned segments_of(const std::string& body) { return count_segments(body).segments; }

TEST(sms_segments, contract_digits) {
  EXPECT_EQ(segments_of(digits(160)), 1u);
  EXPECT_EQ(segments_of(digits(161)), 2u);
  EXPECT_EQ(segments_of(digits(306)), 2u);
  EXPECT_EQ(segments_of(digits(307)), 3u);
  EXPECT_EQ(count_segments(digits(160)).encoding, sms_encoding::gsm7);
}

TEST(sms_segments, contract_emoji_and_digits) {
  auto one = count_segments(grinning + digits(68));
  EXPECT_EQ(one.encoding, sms_encoding::ucs2);
  EXPECT_EQ(one.segments, 1u);
  EXPECT_EQ(one.units, 70u);
  EXPECT_EQ(segments_of(grinning + digits(69)), 2u);
}

TEST(sms_segments, contract_flag_and_digits) {
  EXPECT_EQ(segments_of(us_flag + digits(66)), 1u);
  EXPECT_EQ(segments_of(us_flag + digits(67)), 2u);
}

TEST(sms_segments, contract_escape_and_digits) {
  auto one = count_segments("^" + digits(158));
  EXPECT_EQ(one.encoding, sms_encoding::gsm7);
  EXPECT_EQ(one.segments, 1u);
  EXPECT_EQ(one.units, 160u);
  EXPECT_EQ(segments_of("^" + digits(159)), 2u);
}

TEST(sms_segments, contract_a_acute) {
  EXPECT_EQ(segments_of(repeat(a_acute, 70)), 1u);
  EXPECT_EQ(segments_of(repeat(a_acute, 71)), 2u);
  EXPECT_EQ(count_segments(a_acute).encoding, sms_encoding::ucs2);
}

TEST(sms_segments, contract_euro) {
  auto one = count_segments(repeat(euro, 80));
  EXPECT_EQ(one.encoding, sms_encoding::gsm7);
  EXPECT_EQ(one.segments, 1u);
  EXPECT_EQ(segments_of(repeat(euro, 81)), 2u);
}

TEST(sms_segments, contract_emoji_only) {
  EXPECT_EQ(segments_of(repeat(grinning, 35)), 1u);
  EXPECT_EQ(segments_of(repeat(grinning, 36)), 2u);
}

TEST(sms_segments, contract_gsm_tables) {
  const std::string basic =
      "@\xC2\xA3$\xC2\xA5\xC3\xA8\xC3\xA9\xC3\xB9\xC3\xAC\xC3\xB2\xC3\x87\xC3\x98\xC3\xB8"
      "\xC3\x85\xC3\xA5\xCE\x94_\xCE\xA6\xCE\x93\xCE\x9B\xCE\xA9\xCE\xA0\xCE\xA8\xCE\xA3"
      "\xCE\x98\xCE\x9E\xC3\x86\xC3\xA6\xC3\x9F\xC3\x89\xC2\xA4\xC2\xA1\xC3\x84\xC3\x96"
      "\xC3\x91\xC3\x9C\xC2\xA7\xC2\xBF\xC3\xA4\xC3\xB6\xC3\xB1\xC3\xBC\xC3\xA0\n\r"
      " !\"#%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  auto count = count_segments(basic);
  EXPECT_EQ(count.encoding, sms_encoding::gsm7);
  EXPECT_EQ(count.units, count.characters);
  auto extension = count_segments("\f^{}\\[~]|" + euro);
  EXPECT_EQ(extension.encoding, sms_encoding::gsm7);
  EXPECT_EQ(extension.characters, 10u);
  EXPECT_EQ(extension.units, 20u);
}

TEST(sms_segments, characters_outside_gsm_make_ucs2) {
  EXPECT_EQ(count_segments("`").encoding, sms_encoding::ucs2);         // backtick
  EXPECT_EQ(count_segments("\xC3\xA7").encoding, sms_encoding::ucs2);  // ç
  EXPECT_EQ(count_segments("\t").encoding, sms_encoding::ucs2);
  EXPECT_EQ(count_segments("\xE2\x80\x9C").encoding, sms_encoding::ucs2);     // “
  EXPECT_EQ(count_segments("abc\xE4\xB8\xAD").encoding, sms_encoding::ucs2);  // 中
}

TEST(sms_segments, empty_body_has_no_segments) {
  auto count = count_segments("");
  EXPECT_EQ(count.segments, 0u);
  EXPECT_EQ(count.characters, 0u);
  EXPECT_EQ(count.units_per_segment, 160u);
  EXPECT_EQ(count.remaining_in_segment, 160u);
}

TEST(sms_segments, remaining_and_units_per_segment) {
  auto short_text = count_segments("Hello");
  EXPECT_EQ(short_text.units_per_segment, 160u);
  EXPECT_EQ(short_text.remaining_in_segment, 155u);
  auto long_text = count_segments(digits(161));
  EXPECT_EQ(long_text.units_per_segment, 153u);
  EXPECT_EQ(long_text.remaining_in_segment, 153u - 8u);
  auto ucs = count_segments(grinning + "abc");
  EXPECT_EQ(ucs.units_per_segment, 70u);
  EXPECT_EQ(ucs.remaining_in_segment, 65u);
  EXPECT_EQ(ucs.characters, 4u);
}

TEST(sms_segments, escape_pair_is_never_split) {
  // 152 septets, then "^" (2) would straddle the 153 boundary: it opens segment two.
  const std::string body = digits(152) + "^" + digits(10);
  auto pieces = split_segments(body);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], digits(152));
  EXPECT_EQ(pieces[1], "^" + digits(10));
  auto count = count_segments(body);
  EXPECT_EQ(count.segments, 2u);
  EXPECT_EQ(count.remaining_in_segment, 153u - 12u);
  // 153 escapes need 306 septets: two per segment boundary are lost, so 3 segments.
  EXPECT_EQ(segments_of(repeat("{", 153)), 3u);
}

TEST(sms_segments, surrogate_pair_is_never_split) {
  const std::string body = digits(66) + grinning + digits(10);  // 66 + 2 straddles 67
  auto pieces = split_segments(body);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], digits(66));
  EXPECT_EQ(pieces[1], grinning + digits(10));
}

TEST(sms_segments, grapheme_clusters_are_never_split) {
  const std::string family =  // man ZWJ woman ZWJ girl ZWJ boy: 11 units
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\xE2\x80\x8D"
      "\xF0\x9F\x91\xA6";
  std::string body = digits(60) + family + digits(20);
  auto pieces = split_segments(body);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], digits(60));
  EXPECT_EQ(pieces[1], family + digits(20));

  const std::string thumbs_medium = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";  // 4 units
  body = digits(65) + thumbs_medium + digits(10);
  pieces = split_segments(body);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1], thumbs_medium + digits(10));

  body = digits(65) + us_flag + digits(10);
  pieces = split_segments(body);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1], us_flag + digits(10));

  const std::string e_acute = "e\xCC\x81";  // e + combining acute: 2 units
  body = digits(66) + e_acute + digits(10);
  pieces = split_segments(body);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1], e_acute + digits(10));

  const std::string heart = "\xE2\x9D\xA4\xEF\xB8\x8F";  // U+2764 U+FE0F
  body = digits(66) + heart + digits(10);
  pieces = split_segments(body);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1], heart + digits(10));
}

TEST(sms_segments, a_cluster_longer_than_a_segment_is_split_between_code_points) {
  // 100 combining marks on one letter: 101 units, more than a segment holds.
  const std::string zalgo = "a" + repeat("\xCC\x81", 100);
  auto count = count_segments(zalgo);
  EXPECT_EQ(count.segments, 2u);
  EXPECT_EQ(count.characters, 1u);
  auto pieces = split_segments(zalgo);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].size() + pieces[1].size(), zalgo.size());
}

TEST(sms_segments, malformed_utf8_counts_as_replacement_characters) {
  auto lone = count_segments("\xFF");
  EXPECT_EQ(lone.encoding, sms_encoding::ucs2);
  EXPECT_EQ(lone.units, 1u);
  EXPECT_EQ(count_segments("a\xC3").units, 2u);             // truncated sequence
  EXPECT_EQ(count_segments("\xC0\xAF").units, 2u);          // overlong '/'
  EXPECT_EQ(count_segments("\xED\xA0\x80").units, 3u);      // encoded surrogate
  EXPECT_EQ(count_segments("\xF4\x90\x80\x80").units, 4u);  // past U+10FFFF
  EXPECT_EQ(count_segments(std::string("a\0b", 3)).encoding, sms_encoding::ucs2);
}

TEST(sms_segments, encoding_names) {
  EXPECT_STREQ(encoding_name(sms_encoding::gsm7), "GSM-7");
  EXPECT_STREQ(encoding_name(sms_encoding::ucs2), "UCS-2");
}

TEST(segment_report, smart_encoding_saves_segments) {
  // Curly quotes make a 100-character text UCS-2 (2 segments); straight ones fit in one.
  const std::string body = "\xE2\x80\x9CHi\xE2\x80\x9D " + std::string(94, 'x');
  auto report = report_segments(body);
  EXPECT_EQ(report.count.encoding, sms_encoding::ucs2);
  EXPECT_EQ(report.count.segments, 2u);
  EXPECT_EQ(report.smart_encoded.body, "\"Hi\" " + std::string(94, 'x'));
  EXPECT_EQ(report.smart_encoded.encoding, sms_encoding::gsm7);
  EXPECT_EQ(report.smart_encoded.segments, 1u);
  EXPECT_EQ(report.segments_saved(), 1u);
}

TEST(segment_report, smart_encoding_keeps_what_it_cannot_replace) {
  auto report = report_segments("Hi " + grinning);
  EXPECT_EQ(report.smart_encoded.body, "Hi " + grinning);
  EXPECT_EQ(report.smart_encoded.encoding, sms_encoding::ucs2);
  EXPECT_EQ(report.segments_saved(), 0u);
}

}  // namespace
}  // namespace crm::domain
