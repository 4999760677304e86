#include "domain/contact_import.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "domain/iso_time.hpp"
#include "domain/thread_state.hpp"

namespace crm::domain {
namespace {

const instant now = *parse_iso8601("2026-06-01T12:00:00Z");

actor_context import_context() {
  actor_context ctx;
  ctx.request_id = "import-1";
  ctx.now = "2026-06-01T12:00:00.000Z";
  return ctx;
}

contact_fields fields(bool opt_in) {
  contact_fields f;
  f.json = std::string("{\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"phone\":\"+17605550142\",\"status\":\"new\"") +
           (opt_in ? ",\"preferences\":{\"smsOptIn\":true}}" : "}");
  f.phone = "+17605550142";
  if (opt_in) f.sms_opt_in = true;
  return f;
}

TEST(contact_import, creates_the_events_an_api_create_does_with_the_files_grant_instead_of_a_checkbox) {
  imported_consent consent{"2024-03-01T17:30:00.000Z", "open house", "10.1.2.3", "tcpa-v1", "I agree"};
  auto imported = decide_import("c-1", fields(true), consent, {"leads.csv", "ab12", 7}, import_context());
  auto created = decide_create("c-1", fields(true), import_context());
  ASSERT_EQ(imported.contact_events.size(), 1u);
  EXPECT_EQ(encode(imported.contact_events[0]).type, "ContactCreated");
  EXPECT_EQ(encode(imported.contact_events[0]).data, encode(created.contact_events[0]).data);
  ASSERT_EQ(imported.thread_events.size(), 2u);
  EXPECT_EQ(encode(imported.thread_events[0]).data, encode(created.thread_events[0]).data);  // ContactLinked
  EXPECT_EQ(encode(imported.thread_events[1]).type, "ConsentGranted");

  rapidjson::Document grant;
  grant.Parse(encode(imported.thread_events[1]).data.c_str());
  EXPECT_STREQ(grant["source"].GetString(), "import");
  EXPECT_STREQ(grant["at"].GetString(), "2024-03-01T17:30:00.000Z");
  EXPECT_STREQ(grant["importedAt"].GetString(), "2026-06-01T12:00:00.000Z");
  EXPECT_STREQ(grant["consentSource"].GetString(), "open house");
  EXPECT_STREQ(grant["ip"].GetString(), "10.1.2.3");
  EXPECT_STREQ(grant["wording"].GetString(), "I agree");
  EXPECT_STREQ(grant["importFile"].GetString(), "leads.csv");
  EXPECT_STREQ(grant["importFileSha256"].GetString(), "ab12");
  EXPECT_EQ(grant["importRow"].GetInt(), 7);
  EXPECT_STREQ(grant["importId"].GetString(), "import-1");

  // The thread decides on it as on any grant: the number is taken and opted in.
  thread_state thread;
  for (auto& e : imported.thread_events) evolve(thread, e);
  EXPECT_EQ(thread.linked_contact_id, "c-1");
  EXPECT_EQ(thread.consent.status, consent_status::opted_in);
}

TEST(contact_import, without_an_opt_in_it_is_exactly_an_api_create) {
  auto imported = decide_import("c-2", fields(false), std::nullopt, {"leads.csv", "ab12", 3}, import_context());
  auto created = decide_create("c-2", fields(false), import_context());
  ASSERT_EQ(imported.thread_events.size(), 1u);
  EXPECT_EQ(encode(imported.thread_events[0]).type, "ContactLinked");
  EXPECT_EQ(encode(imported.contact_events[0]).data, encode(created.contact_events[0]).data);
  EXPECT_EQ(encode(imported.thread_events[0]).data, encode(created.thread_events[0]).data);
}

TEST(contact_import, checks_the_consent_columns) {
  auto ok = check_imported_consent(true, {"2024-03-01", " web ", "", "", "tcpa-v1"}, now);
  ASSERT_TRUE(std::holds_alternative<std::optional<imported_consent>>(ok));
  auto& consent = std::get<std::optional<imported_consent>>(ok);
  ASSERT_TRUE(consent);
  EXPECT_EQ(consent->given_at, "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(consent->source, "web");
  EXPECT_EQ(consent->wording, consent_wording("tcpa-v1"));
  auto not_opted_in = check_imported_consent(false, {"2024-03-01", "", "", "", ""}, now);
  EXPECT_FALSE(std::get<std::optional<imported_consent>>(not_opted_in));
  auto field_of = [](const std::variant<std::optional<imported_consent>, contact_input_error>& r) {
    return std::holds_alternative<contact_input_error>(r) ? std::get<contact_input_error>(r).field
                                                          : std::string("<ok>");
  };
  EXPECT_EQ(field_of(check_imported_consent(true, {"", "", "", "", ""}, now)), "consentDate");
  EXPECT_EQ(field_of(check_imported_consent(true, {"2027-01-01", "", "", "", ""}, now)), "consentDate");
  EXPECT_EQ(field_of(check_imported_consent(true, {"2024-03-01", "", "not-an-ip", "", ""}, now)), "consentIp");
  EXPECT_EQ(field_of(check_imported_consent(true, {"2024-03-01", "", "", "", "v9"}, now)), "consentWordingVersion");
  EXPECT_EQ(field_of(check_imported_consent(true, {"2024-03-01", "", "::1", "the text", "v9"}, now)), "<ok>");
}

TEST(iso_time, parses_dates_and_zoned_times_strictly) {
  auto text = [](std::string_view s) {
    auto t = parse_iso8601_with_zone(s);
    return t ? format_iso8601(*t) : std::string("<invalid>");
  };
  EXPECT_EQ(text("2024-03-01"), "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(text("2024-03-01T09:30Z"), "2024-03-01T09:30:00.000Z");
  EXPECT_EQ(text("2024-03-01 09:30:15.25+01:00"), "2024-03-01T08:30:15.250Z");
  EXPECT_EQ(text("2024-03-01T23:30:00-0800"), "2024-03-02T07:30:00.000Z");
  EXPECT_EQ(text("2024-03-01T09:30:00+05"), "2024-03-01T04:30:00.000Z");
  EXPECT_EQ(text("2024-02-29"), "2024-02-29T00:00:00.000Z");
  for (auto bad : {"2023-02-29", "2024-13-01", "2024-3-1", "2024-03-01T09:30:00", "2024-03-01T25:00Z",
                   "2024-03-01T09:30:00Zjunk", "2024-03-01T09:30:00+5", "03/01/2024", "", "2024-03-01T09:30:00."})
    EXPECT_EQ(text(bad), "<invalid>") << bad;
}

}  // namespace
}  // namespace crm::domain
