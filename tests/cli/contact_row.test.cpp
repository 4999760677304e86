#include "tools/crmctl/import/contact_row.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "domain/iso_time.hpp"
#include "domain/phone_number.hpp"

namespace crm::cli {
namespace {

const std::vector<std::string> header = {"First Name",    "last_name", "PHONE",          "email",
                                         "status",        "tags",      "street",         "city",
                                         "state",         "zip",       "smsOptIn",       "consentDate",
                                         "consentSource", "consentIp", "consentWording", "wording version"};

const domain::instant now = *domain::parse_iso8601("2026-06-01T12:00:00Z");

column_map columns() { return std::get<column_map>(map_columns(header)); }

// A record with the given columns set, the rest empty.
csv_record row(std::vector<std::pair<size_t, std::string>> values) {
  csv_record r;
  r.line = 2;
  r.fields.assign(header.size(), "");
  r.fields[0] = "Ann";
  r.fields[1] = "Lee";
  r.fields[2] = "(760) 555-0142";
  for (auto& [i, v] : values) r.fields[i] = v;
  return r;
}

prepared_contact accepted(const csv_record& r) {
  auto result = prepare_contact(r, columns(), "US", now);
  if (auto* rejection = std::get_if<row_rejection>(&result))
    ADD_FAILURE() << rejection->field << ": " << rejection->message;
  return std::get<prepared_contact>(result);
}

row_rejection rejected(const csv_record& r) {
  auto result = prepare_contact(r, columns(), "US", now);
  EXPECT_TRUE(std::holds_alternative<row_rejection>(result));
  return std::holds_alternative<row_rejection>(result) ? std::get<row_rejection>(result) : row_rejection{};
}

rapidjson::Document json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  return d;
}

TEST(import_columns, matches_names_whatever_their_case_and_separators) {
  auto map = columns();
  EXPECT_TRUE(map.has(import_column::first_name));
  EXPECT_TRUE(map.has(import_column::consent_wording_version));
  EXPECT_FALSE(map.has(import_column::notes));
  EXPECT_EQ(map.width(), header.size());
  EXPECT_EQ(map.value(row({}).fields, import_column::phone), "(760) 555-0142");
  EXPECT_EQ(map.value(row({}).fields, import_column::notes), "");
}

TEST(import_columns, lists_unknown_columns_and_refuses_a_missing_required_or_a_repeated_one) {
  auto map = map_columns({"firstName", "lastName", "phone", "Favourite colour", ""});
  ASSERT_TRUE(std::holds_alternative<column_map>(map));
  EXPECT_EQ(std::get<column_map>(map).ignored(), (std::vector<std::string>{"Favourite colour", "(column 5, no name)"}));
  auto missing = map_columns({"firstName", "email"});
  ASSERT_TRUE(std::holds_alternative<std::string>(missing));
  EXPECT_NE(std::get<std::string>(missing).find("no lastName, phone column"), std::string::npos)
      << std::get<std::string>(missing);
  auto twice = map_columns({"firstName", "lastName", "phone", "Phone Number"});
  ASSERT_TRUE(std::holds_alternative<std::string>(twice));
  EXPECT_NE(std::get<std::string>(twice).find("are both phone"), std::string::npos) << std::get<std::string>(twice);
}

TEST(contact_row, becomes_the_fields_the_api_would_have_parsed) {
  auto c = accepted(
      row({{3, " ann@example.com "}, {4, "Qualified"}, {5, "buyer; vip|| Vista "}, {7, "Vista"}, {8, "CA"}}));
  EXPECT_EQ(c.fields.phone, "+17605550142");
  EXPECT_EQ(c.name, "Ann Lee");
  EXPECT_FALSE(c.consent);
  auto d = json(c.fields.json);
  EXPECT_STREQ(d["email"].GetString(), "ann@example.com");
  EXPECT_STREQ(d["status"].GetString(), "qualified");
  ASSERT_EQ(d["tags"].Size(), 3u);
  EXPECT_STREQ(d["tags"][2].GetString(), "Vista");
  EXPECT_STREQ(d["address"]["city"].GetString(), "Vista");
  EXPECT_FALSE(d["address"].HasMember("street"));
  EXPECT_FALSE(d.HasMember("preferences"));
  EXPECT_STREQ(json(accepted(row({})).fields.json)["status"].GetString(), "new");
}

TEST(contact_row, rejects_what_the_api_rejects_with_its_messages) {
  auto no_phone = rejected(row({{2, "  "}}));
  EXPECT_EQ(no_phone.field, "phone");
  EXPECT_EQ(no_phone.code, "missing_field");
  EXPECT_EQ(no_phone.message, "phone is required");
  auto bad_phone = rejected(row({{2, "555-CALL-NOW"}}));
  EXPECT_EQ(bad_phone.code, "invalid_phone");
  EXPECT_EQ(bad_phone.message, domain::invalid_phone_message);
  auto bad_status = rejected(row({{4, "hot"}}));
  EXPECT_EQ(bad_status.field, "status");
  EXPECT_EQ(bad_status.message, "status must be one of new, contacted, qualified, nurturing, client, inactive");
  EXPECT_EQ(rejected(row({{1, ""}})).message, "lastName is required");
}

TEST(contact_row, reads_sms_opt_in_spellings_and_refuses_others) {
  for (auto yes : {"true", "YES", "1", " Yes "}) {
    auto c = accepted(row({{10, yes}, {11, "2024-03-01"}}));
    EXPECT_EQ(c.fields.sms_opt_in, true) << yes;
    EXPECT_TRUE(c.consent) << yes;
  }
  for (auto no : {"false", "No", "0"}) {
    auto c = accepted(row({{10, no}}));
    EXPECT_EQ(c.fields.sms_opt_in, false) << no;
    EXPECT_FALSE(c.consent) << no;
  }
  auto maybe = rejected(row({{10, "maybe"}}));
  EXPECT_EQ(maybe.field, "smsOptIn");
}

TEST(contact_row, an_opt_in_carries_the_files_evidence) {
  auto c = accepted(row({{10, "yes"},
                         {11, "2024-03-01T09:30:00-08:00"},
                         {12, "open house sign-up sheet"},
                         {13, "2001:db8::7"},
                         {15, "tcpa-v1"}}));
  ASSERT_TRUE(c.consent);
  EXPECT_EQ(c.consent->given_at, "2024-03-01T17:30:00.000Z");
  EXPECT_EQ(c.consent->source, "open house sign-up sheet");
  EXPECT_EQ(c.consent->ip, "2001:db8::7");
  EXPECT_EQ(c.consent->wording_version, "tcpa-v1");
  EXPECT_EQ(c.consent->wording, domain::consent_wording("tcpa-v1"));
  auto own = accepted(row({{10, "1"}, {11, "2024-03-01"}, {14, "Text me listings"}, {15, "their-v7"}}));
  EXPECT_EQ(own.consent->wording, "Text me listings");
  EXPECT_EQ(own.consent->wording_version, "their-v7");
}

TEST(contact_row, refuses_an_opt_in_without_sound_evidence) {
  auto no_date = rejected(row({{10, "yes"}}));
  EXPECT_EQ(no_date.field, "consentDate");
  EXPECT_EQ(no_date.code, "missing_field");
  EXPECT_EQ(rejected(row({{10, "yes"}, {11, "03/01/2024"}})).field, "consentDate");
  EXPECT_EQ(rejected(row({{10, "yes"}, {11, "2024-03-01T09:30:00"}})).field, "consentDate");  // no zone
  EXPECT_EQ(rejected(row({{10, "yes"}, {11, "2024-02-30"}})).field, "consentDate");
  auto future = rejected(row({{10, "yes"}, {11, "2026-06-02"}}));
  EXPECT_EQ(future.message, "consentDate is in the future");
  EXPECT_EQ(rejected(row({{10, "yes"}, {11, "2024-03-01"}, {13, "10.0.0.300"}})).field, "consentIp");
  EXPECT_EQ(rejected(row({{10, "yes"}, {11, "2024-03-01"}, {15, "their-v7"}})).field, "consentWordingVersion");
  // A bad date is refused even without an opt-in: the file is wrong either way.
  EXPECT_EQ(rejected(row({{11, "yesterday"}})).field, "consentDate");
}

TEST(contact_row, refuses_a_row_of_the_wrong_shape_or_encoding) {
  auto r = row({});
  r.fields.pop_back();
  auto short_row = rejected(r);
  EXPECT_EQ(short_row.code, "malformed_row");
  EXPECT_EQ(short_row.message, "the row has 15 fields, the header 16");
  csv_record broken = row({});
  broken.error = "a quote inside unquoted field 2";
  EXPECT_EQ(rejected(broken).message, broken.error);
  EXPECT_EQ(rejected(row({{0, "Ann\xC3"}})).code, "malformed_row");
  EXPECT_EQ(rejected(row({{0, std::string("A\0nn", 4)}})).code, "malformed_row");
  EXPECT_TRUE(accepted(row({{0, "Zo\xC3\xAB \xEF\xBF\xBD"}})).fields.phone);
}

TEST(contact_row, a_row_of_blank_fields_is_blank_and_a_broken_one_is_not) {
  csv_record blank;
  blank.fields = {"", " ", "\t"};
  EXPECT_TRUE(is_blank(blank));
  blank.error = "a quote inside unquoted field 1";
  EXPECT_FALSE(is_blank(blank));
  EXPECT_FALSE(is_blank(row({})));
}

}  // namespace
}  // namespace crm::cli
