#include "tools/crmctl/import/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace crm::cli {
namespace {

using fields = std::vector<std::string>;

std::vector<csv_record> read_all(std::string_view text) {
  csv_reader reader(text);
  std::vector<csv_record> records;
  while (auto r = reader.next()) records.push_back(*r);
  return records;
}

TEST(csv_reader, splits_records_and_fields_and_numbers_lines) {
  auto records = read_all("a,b,c\n1,2,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (fields{"a", "b", "c"}));
  EXPECT_EQ(records[1].fields, (fields{"1", "2", "3"}));
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_TRUE(records[1].error.empty());
}

TEST(csv_reader, accepts_crlf_lf_and_cr_line_ends_and_a_last_line_without_one) {
  auto records = read_all("a,b\r\n1,2\n3,4\r5,6");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields, (fields{"1", "2"}));
  EXPECT_EQ(records[2].fields, (fields{"3", "4"}));
  EXPECT_EQ(records[3].fields, (fields{"5", "6"}));
  EXPECT_EQ(records[3].line, 4);
}

TEST(csv_reader, quoted_fields_hold_commas_doubled_quotes_and_line_breaks) {
  auto records = read_all("name,notes\r\n\"Lee, Ann\",\"said \"\"hi\"\"\r\nthen left\"\r\nnext,\"\"\r\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields, (fields{"Lee, Ann", "said \"hi\"\r\nthen left"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (fields{"next", ""}));
  EXPECT_EQ(records[2].line, 4);  // the quoted line break counts as a line
}

TEST(csv_reader, keeps_empty_fields_including_a_trailing_one) {
  auto records = read_all(",a,,\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (fields{"", "a", "", ""}));
}

TEST(csv_reader, skips_a_byte_order_mark_and_empty_lines) {
  auto records = read_all(
      "\xEF\xBB\xBF"
      "phone\n\n\r\n+17605550142\n\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (fields{"phone"}));
  EXPECT_EQ(records[1].fields, (fields{"+17605550142"}));
  EXPECT_EQ(records[1].line, 4);
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
}

TEST(csv_reader, a_quote_inside_an_unquoted_field_spoils_only_its_record) {
  auto records = read_all("a,b\nAnn \"Annie\",Lee\nBob,Ray\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_NE(records[1].error.find("a quote inside unquoted field 1"), std::string::npos) << records[1].error;
  EXPECT_TRUE(records[2].error.empty());
  EXPECT_EQ(records[2].fields, (fields{"Bob", "Ray"}));
  EXPECT_EQ(records[2].line, 3);
}

TEST(csv_reader, text_after_a_closing_quote_spoils_only_its_record) {
  auto records = read_all("\"Ann\"x,Lee\nBob,Ray\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NE(records[0].error.find("text after the closing quote of field 1"), std::string::npos) << records[0].error;
  EXPECT_EQ(records[1].fields, (fields{"Bob", "Ray"}));
}

TEST(csv_reader, a_quote_that_never_closes_costs_its_record_and_reading_resumes_on_the_next_line) {
  csv_reader reader("a,b\nAnn,\"Lee\nBob,Ray\nCal,Orr\n");
  ASSERT_TRUE(reader.next());
  auto broken = reader.next();
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->line, 2);
  EXPECT_NE(broken->error.find("opened on line 2 is never closed"), std::string::npos) << broken->error;
  auto bob = reader.next();
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->fields, (fields{"Bob", "Ray"}));
  EXPECT_EQ(bob->line, 3);
  auto cal = reader.next();
  ASSERT_TRUE(cal);
  EXPECT_EQ(cal->line, 4);
  EXPECT_FALSE(reader.next());
  EXPECT_EQ(reader.records_read(), 4);
}

TEST(csv_reader, keeps_utf8_bytes_as_they_are) {
  auto records = read_all("Zo\xC3\xAB,\"Caf\xC3\xA9, \xF0\x9F\x98\x80\"\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (fields{"Zo\xC3\xAB", "Caf\xC3\xA9, \xF0\x9F\x98\x80"}));
}

}  // namespace
}  // namespace crm::cli
