// The queries behind the conversation list, its search and a thread's history page, over read
// models the real projector built from a history written as the actors write it: they count and
// filter as api.md says.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <vector>

#include "domain/contact.hpp"
#include "domain/iso_time.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "messaging_events.hpp"
#include "projections/all_projections.hpp"
#include "projections/projector.hpp"
#include "queries/conversations_list.hpp"
#include "queries/messages_list.hpp"
#include "support/test_database.hpp"

namespace crm::projections {
namespace {

using namespace messaging_test;
using queries::list_conversations_members;
using queries::list_messages_members;
using queries::message_filter;

namespace ev = domain::events;

// A history written as the actors write it (the same event shapes), projected by the real
// projector, for the query tests below.
class history {
public:
  explicit history(std::string url) : url_(std::move(url)), store_(url_) {}

  /// A contact on `phone` (ContactCreated and ContactLinked in one append); returns its id.
  std::string contact(const std::string& phone, const std::string& first, const std::string& last,
                      const std::string& email = "") {
    auto id = eventlog::random_uuid();
    domain::contact_fields fields;
    fields.json = "{\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"phone\":\"" + phone + "\"" +
                  (email.empty() ? "" : ",\"email\":\"" + email + "\"") + "}";
    fields.phone = phone;
    domain::actor_context ctx;
    ctx.user_id = "agent-1";
    ctx.now = "2026-11-25T17:00:00.000Z";
    auto created = domain::decide_create(id, fields, ctx);
    eventlog::append_request request;
    request.streams.push_back(stream("contact-" + id, created.contact_events));
    request.streams.push_back(stream("thread-" + phone, created.thread_events));
    EXPECT_EQ(store_.append(request).status, eventlog::append_status::ok);
    return id;
  }

  /// A text in (from the customer) or out (from the agent) on `phone`'s thread, `minute` minutes after 18:00.
  void text(const std::string& phone, const std::string& body, int minute, bool inbound = true) {
    auto at = domain::format_iso8601(domain::parse_iso8601("2026-11-25T18:00:00Z").value() +
                                     std::chrono::minutes(minute));
    auto id = inbound ? "SM" + eventlog::random_uuid().substr(0, 8) : eventlog::random_uuid();
    if (inbound) {
      ev::inbound_message_received e;
      e.message_id = e.sid = id;
      e.from = phone;
      e.to = "+15005550006";
      e.body = body;
      e.received_at = at;
      append(store_, phone, {e});
    } else {
      auto e = requested(id, phone, body, at);
      e.from = "+15005550006";
      e.purpose = "conversation";
      e.sent_by = "agent-1";
      append(store_, phone, {e});
    }
  }

  /// Brings every projection to the head of the log.
  void project() {
    projector p(url_, all_projections());
    p.catch_up();
  }

private:
  template <class Events>
  static eventlog::stream_append stream(const std::string& id, const Events& typed) {
    eventlog::stream_append s{id, eventlog::expected::any, {}};
    for (auto& e : domain::encode_all(typed)) s.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
    return s;
  }

  std::string url_;
  eventlog::event_store store_;
};

/// `"conversations":[...],"pagination":{...}` (or messages) as a document.
rapidjson::Document parse_members(const std::string& members) {
  rapidjson::Document d;
  d.Parse(("{" + members + "}").c_str());
  EXPECT_FALSE(d.HasParseError()) << members;
  return d;
}

/// The phone numbers of a conversation list, in order.
std::vector<std::string> phones(const rapidjson::Document& d) {
  std::vector<std::string> out;
  for (auto& c : d["conversations"].GetArray()) out.push_back(c["phoneNumber"].GetString());
  return out;
}

struct page_info {
  long long total;
  bool has_more;
};

page_info pagination_of(const rapidjson::Document& d) {
  return {d["pagination"]["total"].GetInt64(), d["pagination"]["hasMore"].GetBool()};
}

std::string number(int n) { return "+1760555" + std::to_string(3000 + n); }

using list = std::vector<std::string>;

TEST(conversation_list, is_newest_first_in_pages_and_counts_every_thread_with_texts_as_they_come) {
  auto url = testing::fresh_database();
  history h(url);
  for (int n = 0; n < 7; ++n) h.text(number(n), "hello " + std::to_string(n), n);
  h.contact(number(9), "Nell", "Notext");  // a thread without texts is not a conversation yet
  h.project();
  pqxx::connection c(url);

  auto first = parse_members(list_conversations_members(c, "", 3, 0));
  EXPECT_EQ(phones(first), (list{number(6), number(5), number(4)}));
  EXPECT_EQ(pagination_of(first).total, 7);
  EXPECT_TRUE(pagination_of(first).has_more);
  auto last = parse_members(list_conversations_members(c, "", 3, 6));
  EXPECT_EQ(phones(last), (list{number(0)}));
  EXPECT_FALSE(pagination_of(last).has_more);
  auto beyond = parse_members(list_conversations_members(c, "", 3, 50));
  EXPECT_TRUE(phones(beyond).empty());
  EXPECT_EQ(pagination_of(beyond).total, 7);

  // A new thread and a new text on an old one: the total and the order follow at once, although
  // the total is kept between requests (it is recounted when the projection moves).
  h.text(number(7), "new thread", 20);
  h.text(number(1), "back again", 21, false);
  h.project();
  auto after = parse_members(list_conversations_members(c, "", 3, 0));
  EXPECT_EQ(phones(after), (list{number(1), number(7), number(6)}));
  EXPECT_EQ(pagination_of(after).total, 8);
  EXPECT_EQ(std::string(after["conversations"][0]["lastMessage"]["body"].GetString()), "back again");
  EXPECT_EQ(after["conversations"][0]["messageCount"].GetInt(), 2);

  // Texting the contact that had none makes its thread a conversation, with the contact attached.
  h.text(number(9), "hi Nell", 22, false);
  h.project();
  auto with_contact = parse_members(list_conversations_members(c, "", 1, 0));
  EXPECT_EQ(phones(with_contact), (list{number(9)}));
  EXPECT_EQ(pagination_of(with_contact).total, 9);
  EXPECT_EQ(std::string(with_contact["conversations"][0]["contact"]["firstName"].GetString()), "Nell");
}

TEST(conversation_search, finds_names_email_digits_and_text_newest_first_with_an_exact_total) {
  auto url = testing::fresh_database();
  history h(url);
  h.contact(number(1), "Ada", "Okafor", "ada@example.com");
  h.contact(number(2), "Ben", "Okafor");
  h.contact(number(3), "Cy", "Lee", "cy.lee@mail.test");
  h.contact(number(4), "Dee", "Nobody");  // no texts: never listed
  h.text(number(1), "Is the condo in Carlsbad still listed?", 1);
  h.text(number(2), "Thanks", 2);
  h.text(number(3), "xy pizza", 3);
  h.text(number(5), "Saw your CARLSBAD open house sign", 4);  // no contact
  h.text(number(6), "Call me about 92008", 5, false);
  h.project();
  pqxx::connection c(url);
  auto search = [&](const std::string& term, int limit = 50, int skip = 0) {
    return parse_members(list_conversations_members(c, term, limit, skip));
  };

  auto okafor = search("OKAFOR");
  EXPECT_EQ(phones(okafor), (list{number(2), number(1)}));
  EXPECT_EQ(pagination_of(okafor).total, 2);
  auto second = search("okafor", 1, 1);
  EXPECT_EQ(phones(second), (list{number(1)}));
  EXPECT_EQ(pagination_of(second).total, 2);
  EXPECT_FALSE(pagination_of(second).has_more);
  EXPECT_EQ(phones(search("ada@example")), (list{number(1)}));
  EXPECT_EQ(phones(search("  Cy Lee ")), (list{number(3)}));
  EXPECT_EQ(phones(search("nobody")), list{});

  // Digits typed in any format, and message text in any case, contact or not.
  EXPECT_EQ(phones(search("(760) 555-3002")), (list{number(2)}));
  EXPECT_EQ(phones(search("5553")).size(), 5u);
  EXPECT_EQ(phones(search("carlsbad")), (list{number(5), number(1)}));
  EXPECT_EQ(phones(search("92008")), (list{number(6)}));  // digits that are text, not a number
  auto none = search("nothing-like-this");
  EXPECT_TRUE(phones(none).empty());
  EXPECT_EQ(pagination_of(none).total, 0);

  // Without three letters or digits in a row, message text is not searched (the trigram index
  // cannot help), but names still are.
  EXPECT_EQ(phones(search("cy")), (list{number(3)}));
  EXPECT_EQ(phones(search("xy")), list{});
  EXPECT_EQ(phones(search("pizza")), (list{number(3)}));
  EXPECT_EQ(phones(search("a_a")), list{});  // LIKE's wildcards are matched literally ("ada" is not "a_a")
}

TEST(thread_messages, a_page_is_the_newest_oldest_first_and_filters_by_number_contact_and_direction) {
  auto url = testing::fresh_database();
  history h(url);
  auto id = h.contact(number(1), "Ada", "Okafor");
  for (int m = 0; m < 5; ++m) h.text(number(1), "text " + std::to_string(m), m, m % 2 == 0);
  h.text(number(2), "another thread", 9);
  h.project();
  pqxx::connection c(url);
  auto bodies = [](const rapidjson::Document& d) {
    list out;
    for (auto& m : d["messages"].GetArray()) out.push_back(m["body"].GetString());
    return out;
  };
  auto page = [&](const std::string& contact, const std::string& phone, const std::string& direction, int limit,
                  int skip) {
    return parse_members(list_messages_members(c, message_filter{contact, phone, direction, limit, skip}));
  };

  auto newest = page("", number(1), "", 2, 0);
  EXPECT_EQ(bodies(newest), (list{"text 3", "text 4"}));
  EXPECT_EQ(pagination_of(newest).total, 5);
  EXPECT_TRUE(pagination_of(newest).has_more);
  auto oldest = page("", number(1), "", 2, 4);
  EXPECT_EQ(bodies(oldest), (list{"text 0"}));
  EXPECT_FALSE(pagination_of(oldest).has_more);
  auto inbound = page("", number(1), "inbound", 10, 0);
  EXPECT_EQ(bodies(inbound), (list{"text 0", "text 2", "text 4"}));
  EXPECT_EQ(pagination_of(inbound).total, 3);

  // A contact's messages are its number's thread; with another number too, nothing matches.
  EXPECT_EQ(bodies(page(id, "", "outbound", 10, 0)), (list{"text 1", "text 3"}));
  EXPECT_EQ(bodies(page(id, number(1), "", 10, 0)).size(), 5u);
  auto mismatch = page(id, number(2), "", 10, 0);
  EXPECT_TRUE(bodies(mismatch).empty());
  EXPECT_EQ(pagination_of(mismatch).total, 0);
  EXPECT_EQ(pagination_of(page(eventlog::random_uuid(), "", "", 10, 0)).total, 0);

  // No filter: every message, newest page first.
  auto all = page("", "", "", 2, 0);
  EXPECT_EQ(bodies(all), (list{"text 4", "another thread"}));
  EXPECT_EQ(pagination_of(all).total, 6);
}

}  // namespace
}  // namespace crm::projections
