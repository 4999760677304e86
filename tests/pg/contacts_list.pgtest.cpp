// The contacts list over the read model the contacts projection writes: filtered totals equal
// a count of the rows; digit and text searches; capped totals and exact pages.

#include <algorithm>
#include <cstdio>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "contact_history.hpp"
#include "domain/contact.hpp"
#include "domain/iso_time.hpp"
#include "eventlog/uuid.hpp"
#include "queries/contacts_list.hpp"
#include "support/test_database.hpp"

namespace crm::projections {
namespace {

using namespace contacts_test;
using queries::contact_filter;
using queries::list_contacts_members;

rapidjson::Document listed(pqxx::connection& c, const contact_filter& filter) {
  rapidjson::Document d;
  auto text = "{" + list_contacts_members(c, filter) + "}";
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

long long total_of(pqxx::connection& c, const contact_filter& filter) {
  return listed(c, filter)["pagination"]["total"].GetInt64();
}

TEST(contacts_projection, filtered_totals_equal_a_count_of_the_rows) {
  history_writer history(600);
  auto url = testing::fresh_database();
  project_in_batches(url, history.events, 100);
  pqxx::connection c(url);
  auto count = [&](const std::string& where) {
    pqxx::read_transaction tx(c);
    return tx.exec1("SELECT count(*) FROM contacts_view WHERE " + where)[0].as<long long>();
  };
  for (std::string status : {"", "new", "client"})
    for (std::string tag : {"", "buyer", "seller", "none"})
      for (int opt_in : {-1, 0, 1}) {
        contact_filter f;
        f.status = status;
        f.tag = tag;
        if (opt_in >= 0) f.sms_opt_in = opt_in == 1;
        std::string where = "true";
        if (!status.empty()) where += " AND status = '" + status + "'";
        if (!tag.empty()) where += " AND tags @> ARRAY['" + tag + "']";
        if (opt_in >= 0) where += std::string(" AND sms_opt_in = ") + (opt_in ? "true" : "false");
        auto d = listed(c, f);
        EXPECT_EQ(d["pagination"]["total"].GetInt64(), count(where)) << where;
        EXPECT_FALSE(d["pagination"]["totalCapped"].GetBool());
      }
  EXPECT_GT(count("true"), 0);
}

// Contacts i = 0..n-1 on +1 619 555 xxxx (i in the last four digits), "Ann Lee" or "Bo Kim".
void create_contacts(const std::string& url, int n, const std::string& email_of_first = "") {
  eventlog::event_list events;
  for (int i = 0; i < n; ++i) {
    domain::contact_fields fields;
    char phone[16];
    std::snprintf(phone, sizeof phone, "+1619555%04d", i);
    std::string email = i == 0 && !email_of_first.empty() ? email_of_first : "";
    fields.json = std::string("{\"firstName\":\"") + (i % 2 ? "Bo" : "Ann") + "\",\"lastName\":\"" +
                  (i % 2 ? "Kim" : "Lee") + "\",\"phone\":\"" + phone + "\",\"email\":\"" + email + "\"}";
    fields.phone = phone;
    domain::actor_context ctx;
    ctx.now = domain::format_iso8601(*domain::parse_iso8601("2026-11-25T10:00:00Z") + std::chrono::seconds(i));
    for (auto& e : domain::encode_all(domain::decide_create(eventlog::random_uuid(), fields, ctx).contact_events)) {
      eventlog::recorded_event r;
      r.type = e.type;
      r.data = e.data;
      events.push_back(r);
    }
  }
  project_in_batches(url, events, 5000);
}

std::vector<std::string> phones_listed(pqxx::connection& c, const contact_filter& f) {
  std::vector<std::string> phones;
  auto d = listed(c, f);
  for (auto& contact : d["contacts"].GetArray()) phones.push_back(contact["phone"].GetString());
  std::sort(phones.begin(), phones.end());
  return phones;
}

TEST(contacts_projection, a_digit_search_finds_the_digits_anywhere_in_the_number_and_in_emails) {
  auto url = testing::fresh_database();
  create_contacts(url, 40, "ann0142@example.com");
  pqxx::connection c(url);
  contact_filter f;
  f.search = "555 001";  // +1 619 555 0010..0019
  EXPECT_EQ(phones_listed(c, f).size(), 10u);
  f.search = "(619) 555-0023";
  EXPECT_EQ(phones_listed(c, f), std::vector<std::string>{"+16195550023"});
  f.search = "5550";  // the middle of every number
  EXPECT_EQ(total_of(c, f), 40);
  f.search = "0142";  // no number has it; the first contact's email does
  EXPECT_EQ(total_of(c, f), 1);
  f.search = "39";  // shorter than a trigram: 0039 and ...
  EXPECT_EQ(phones_listed(c, f), std::vector<std::string>{"+16195550039"});
  f.search = "1";  // in every number
  EXPECT_EQ(total_of(c, f), 40);
  f.search = "ANN";
  EXPECT_EQ(total_of(c, f), 20);
  f.search = "ann lee";
  EXPECT_EQ(total_of(c, f), 20);
  f.search = "ann0142@";
  EXPECT_EQ(total_of(c, f), 1);
  f.search = "a";  // short text: every Ann and "example.com"
  EXPECT_EQ(total_of(c, f), 20);
  f.search = "k%";  // LIKE's wildcards are literal
  EXPECT_EQ(total_of(c, f), 0);
  f.search = "kim";
  f.sms_opt_in = false;
  EXPECT_EQ(total_of(c, f), 20);
}

TEST(contacts_projection, a_search_total_is_capped_and_has_more_stays_exact) {
  auto url = testing::fresh_database();
  create_contacts(url, 5200);  // 2600 Ann Lee, 2600 Bo Kim
  pqxx::connection c(url);
  contact_filter f;
  f.search = "ann";  // a name: counted to 1000
  auto first = listed(c, f);
  EXPECT_EQ(first["pagination"]["total"].GetInt64(), 1000);
  EXPECT_TRUE(first["pagination"]["totalCapped"].GetBool());
  EXPECT_TRUE(first["pagination"]["hasMore"].GetBool());
  EXPECT_EQ(first["contacts"].Size(), 50u);
  f.skip = 2580;
  auto last = listed(c, f);
  EXPECT_EQ(last["pagination"]["total"].GetInt64(), 2600);  // paging past the cap counts further
  EXPECT_FALSE(last["pagination"]["totalCapped"].GetBool());
  EXPECT_FALSE(last["pagination"]["hasMore"].GetBool());
  EXPECT_EQ(last["contacts"].Size(), 20u);
  f.skip = 970;
  auto deep = listed(c, f);
  EXPECT_EQ(deep["pagination"]["total"].GetInt64(), 1021);  // at least to the end of the page, and one more
  EXPECT_TRUE(deep["pagination"]["totalCapped"].GetBool());
  EXPECT_TRUE(deep["pagination"]["hasMore"].GetBool());
  EXPECT_EQ(deep["contacts"].Size(), 50u);

  f.skip = 0;
  f.search = "1619 5550";  // digits: exact up to 5000 candidates; 1000 numbers here
  auto digits = listed(c, f);
  EXPECT_EQ(digits["pagination"]["total"].GetInt64(), 1000);
  EXPECT_FALSE(digits["pagination"]["totalCapped"].GetBool());
  EXPECT_STREQ(digits["contacts"][0]["phone"].GetString(), "+16195550999");  // the newest of them
  f.search = "619 555";  // every number: past the candidates, the newest are walked
  auto dense = listed(c, f);
  EXPECT_GE(dense["pagination"]["total"].GetInt64(), 5000);
  EXPECT_TRUE(dense["pagination"]["totalCapped"].GetBool());
  EXPECT_TRUE(dense["pagination"]["hasMore"].GetBool());
  ASSERT_EQ(dense["contacts"].Size(), 50u);
  EXPECT_STREQ(dense["contacts"][0]["phone"].GetString(), "+16195555199");
  f.status = "new";  // with a filter the candidates are fewer: still the same page
  EXPECT_STREQ(listed(c, f)["contacts"][49]["phone"].GetString(), "+16195555150");

  f.search = "";
  f.status = "";
  EXPECT_EQ(total_of(c, f), 5200);  // a list without a search is counted exactly
  // Newest first, the page exactly `limit` long, the extra row only telling hasMore.
  f.limit = 3;
  auto page = listed(c, f);
  ASSERT_EQ(page["contacts"].Size(), 3u);
  EXPECT_STREQ(page["contacts"][0]["phone"].GetString(), "+16195555199");
  EXPECT_STREQ(page["contacts"][2]["phone"].GetString(), "+16195555197");
  EXPECT_TRUE(page["pagination"]["hasMore"].GetBool());
}

}  // namespace
}  // namespace crm::projections
