// The contacts projection: a projector that stops and restarts produces exactly the rows a
// single uninterrupted replay produces; a batch folded in memory leaves the rows (and counts)
// that applying its events one at a time leaves; the list's totals, searches and pages.

#include <algorithm>
#include <cstdio>
#include <random>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "domain/contact.hpp"
#include "domain/contact_document.hpp"
#include "domain/iso_time.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "support/test_database.hpp"
#include "projections/all_projections.hpp"
#include "projections/contacts_projection.hpp"
#include "projections/projector.hpp"
#include "queries/contacts_list.hpp"

namespace crm::projections {
namespace {

using eventlog::append_request;
using queries::contact_filter;
using queries::list_contacts_members;

domain::actor_context context(int i) {
  domain::actor_context ctx;
  ctx.user_id = "agent-1";
  ctx.ip = "10.0.0." + std::to_string(i % 250);
  ctx.now = "2026-11-25T10:00:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ".000Z";
  return ctx;
}

template <class Events>
void add(append_request& request, const std::string& stream, std::int64_t expected, const Events& typed) {
  eventlog::stream_append append{stream, expected, {}};
  for (auto& e : domain::encode_all(typed)) append.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
  if (!append.events.empty()) request.streams.push_back(append);
}

// Creates `count` contacts, updates every third, deletes every fifth: events as the actors append them.
void write_history(eventlog::event_store& store, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    auto id = eventlog::random_uuid();
    auto phone = "+1760555" + std::to_string(1000 + i);
    domain::contact_fields fields;
    fields.json = "{\"firstName\":\"F" + std::to_string(i) + "\",\"lastName\":\"L\",\"phone\":\"" + phone +
                  "\",\"status\":\"new\",\"tags\":[\"t" + std::to_string(i % 3) + "\"]}";
    fields.phone = phone;
    fields.sms_opt_in = i % 2 == 0;
    auto created = domain::decide_create(id, fields, context(i));
    append_request request;
    add(request, "contact-" + id, 0, created.contact_events);
    add(request, "thread-" + phone, 0, created.thread_events);
    ASSERT_EQ(store.append(request).status, eventlog::append_status::ok);
    domain::contact_state state;
    for (auto& e : created.contact_events) domain::evolve(state, e);
    if (i % 3 == 0) {
      domain::contact_fields change;
      change.json = "{\"status\":\"qualified\",\"address\":{\"city\":\"Vista\"}}";
      auto updated = domain::decide_update(state, change, context(i + 1));
      append_request u;
      add(u, "contact-" + id, 1, updated.contact_events);
      ASSERT_EQ(store.append(u).status, eventlog::append_status::ok);
    }
    if (i % 5 == 0) {
      auto deleted = domain::decide_delete(state, context(i + 2));
      append_request d;
      add(d, "contact-" + id, eventlog::expected::any, deleted.contact_events);
      add(d, "thread-" + phone, eventlog::expected::any, deleted.thread_events);
      ASSERT_EQ(store.append(d).status, eventlog::append_status::ok);
    }
  }
}

std::string all_rows(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT coalesce(string_agg(row(c.*)::text, E'\\n' ORDER BY id), '') FROM contacts_view c")[0].c_str();
}

TEST(contacts_projection, a_restarted_projector_builds_the_same_rows_as_one_replay) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  write_history(store, 0, 60);
  {
    projector first(url, all_projections());
    first.catch_up();
  }
  write_history(store, 60, 60);
  {
    projector resumed(url, all_projections());  // resumes from its checkpoint
    EXPECT_EQ(resumed.catch_up(), store.head_position());
  }
  auto incremental = all_rows(url);
  {
    pqxx::connection c(url);
    pqxx::work tx(c);
    for (auto& table : contacts_projection().tables()) tx.exec0("DELETE FROM " + table);
    tx.exec0("UPDATE projection_checkpoints SET position = 0");
    tx.commit();
  }
  projector replay(url, all_projections());
  replay.catch_up();
  EXPECT_EQ(all_rows(url), incremental);
  EXPECT_NE(incremental.find("qualified"), std::string::npos);

  pqxx::connection c(url);
  contact_filter live;
  live.limit = 500;
  auto listed = list_contacts_members(c, live);
  EXPECT_NE(listed.find("\"total\":96"), std::string::npos) << listed;  // 120 created, 24 deleted
  contact_filter opted_in;
  opted_in.sms_opt_in = true;
  EXPECT_NE(list_contacts_members(c, opted_in).find("\"total\":48"), std::string::npos);
  contact_filter digits;
  digits.search = "(760) 555-1007";
  EXPECT_NE(list_contacts_members(c, digits).find("\"total\":1"), std::string::npos);
}

// A contact history with the cases a batch must get right when it holds several of them:
// updates and consent right after a create, numbers that move between contacts, consent for a
// number whose contact moved away or was deleted, keywords from numbers nobody holds, tag and
// status changes (for the counts). Deterministic: a fixed seed, the engine used directly.
class history_writer {
public:
  eventlog::event_list events;

  explicit history_writer(int steps) {
    std::mt19937 engine(20261202);
    auto pick = [&](size_t n) { return static_cast<size_t>(engine() % n); };
    for (int step = 0; step < steps; ++step) {
      ctx_ = context(step);
      auto roll = pick(20);
      if (roll < 6 || live_.empty()) create(pick(phones_.size()), pick(6), pick(4), pick(2) == 0);
      else if (roll < 13) update(pick(live_.size()), pick(phones_.size()), pick(6), pick(4), pick(5));
      else if (roll < 14) remove(pick(live_.size()));
      else keyword(pick(phones_.size()), pick(2) == 0);
    }
  }

private:
  static constexpr const char* statuses[] = {"new", "contacted", "qualified", "nurturing", "client", "inactive"};
  static constexpr const char* tag_sets[] = {"[]", "[\"buyer\"]", "[\"buyer\",\"seller\"]", "[\"seller\",\"seller\"]"};

  template <class Events>
  void record(const Events& typed) {
    for (auto& e : domain::encode_all(typed)) {
      eventlog::recorded_event r;
      r.position = static_cast<std::int64_t>(events.size()) + 1;
      r.type = e.type;
      r.data = e.data;
      events.push_back(r);
    }
  }

  bool held(const std::string& phone) const {
    for (auto& [id, state] : live_)
      if (state.phone == phone) return true;
    return false;
  }

  void create(size_t phone, size_t status, size_t tags, bool opt_in) {
    if (held(phones_[phone])) return;
    domain::contact_fields fields;
    fields.json = "{\"firstName\":\"Fn" + std::to_string(events.size()) + "\",\"lastName\":\"Ln\",\"phone\":\"" +
                  phones_[phone] + "\",\"email\":\"f" + std::to_string(events.size()) + "@example.com\",\"status\":\"" +
                  statuses[status] + "\",\"tags\":" + tag_sets[tags] + "}";
    fields.phone = phones_[phone];
    fields.sms_opt_in = opt_in;
    auto id = eventlog::random_uuid();
    auto decision = domain::decide_create(id, fields, ctx_);
    record(decision.contact_events);
    record(decision.thread_events);
    domain::contact_state state;
    for (auto& e : decision.contact_events) domain::evolve(state, e);
    live_.emplace_back(id, state);
  }

  // kind: 0 status, 1 tags, 2 move to another number (opted in there), 3 opt out, 4 opt in.
  void update(size_t which, size_t phone, size_t status, size_t tags, size_t kind) {
    auto& [id, state] = live_[which];
    domain::contact_fields fields;
    if (kind == 0) fields.json = std::string("{\"status\":\"") + statuses[status] + "\"}";
    if (kind == 1) fields.json = std::string("{\"tags\":") + tag_sets[tags] + ",\"notes\":\"n" + std::to_string(events.size()) + "\"}";
    if (kind == 2) {
      if (held(phones_[phone])) return;
      fields.json = "{\"phone\":\"" + phones_[phone] + "\"}";
      fields.phone = phones_[phone];
      fields.sms_opt_in = true;
    }
    if (kind >= 3) {
      fields.json = kind == 3 ? "{\"preferences\":{\"smsOptIn\":false}}" : "{\"preferences\":{\"smsOptIn\":true}}";
      fields.sms_opt_in = kind == 4;
    }
    auto decision = domain::decide_update(state, fields, ctx_);
    record(decision.contact_events);
    record(decision.thread_events);
    for (auto& e : decision.contact_events) domain::evolve(state, e);
  }

  void remove(size_t which) {
    auto decision = domain::decide_delete(live_[which].second, ctx_);
    record(decision.contact_events);
    record(decision.thread_events);
    live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(which));
  }

  // STOP or START texted from a number, whoever holds it now (perhaps nobody).
  void keyword(size_t phone, bool start) {
    auto change = [&](auto e) {
      e.phone = phones_[phone];
      e.source = "keyword";
      e.at = ctx_.now;
      record(domain::thread_events{e});
    };
    if (start) change(domain::events::consent_granted{});
    else change(domain::events::consent_revoked{});
  }

  std::vector<std::string> phones_ = [] {
    std::vector<std::string> phones;
    for (int i = 0; i < 16; ++i) phones.push_back("+176055501" + std::to_string(10 + i));
    return phones;
  }();
  std::vector<std::pair<std::string, domain::contact_state>> live_;
  domain::actor_context ctx_;
};

// Applies `events` in batches of `size` (each its own transaction, as the projector does).
void project_in_batches(const std::string& url, const eventlog::event_list& events, size_t size) {
  pqxx::connection c(url);
  contacts_projection projection;
  for (size_t from = 0; from < events.size(); from += size) {
    pqxx::work tx(c);
    auto to = std::min(events.size(), from + size);
    projection.apply_batch(tx, eventlog::event_list(events.begin() + static_cast<std::ptrdiff_t>(from),
                                                    events.begin() + static_cast<std::ptrdiff_t>(to)));
    tx.commit();
  }
}

std::string counts_of(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT coalesce(string_agg(row(k.*)::text, E'\\n' ORDER BY tag, status, sms_opt_in), '') "
                  "FROM contact_counts k")[0].c_str();
}

// The counts as the migration computes them from the rows: what contact_counts must always equal.
std::string recounted(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT coalesce(string_agg(row(k.*)::text, E'\\n' ORDER BY tag, status, sms_opt_in), '') FROM ("
                  "SELECT tag, status, sms_opt_in, count(*) AS contacts FROM ("
                  "SELECT '' AS tag, status, sms_opt_in FROM contacts_view UNION ALL "
                  "SELECT t.tag, c.status, c.sms_opt_in FROM contacts_view c, "
                  "LATERAL (SELECT DISTINCT u AS tag FROM unnest(c.tags) u WHERE u <> '') t) x "
                  "GROUP BY 1, 2, 3) k")[0].c_str();
}

// The suffix index as it is, and as the rows say it must be.
std::pair<std::string, std::string> suffixes_and_expected(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  const char* order = " ORDER BY suffix, contact_id, created_at";
  std::string actual = tx.exec1(std::string("SELECT coalesce(string_agg(suffix || ' ' || contact_id || ' ' || created_at, E'\\n'") +
                         order + "), '') FROM contact_phone_suffixes")[0].c_str();
  std::string expected = tx.exec1(std::string("SELECT coalesce(string_agg(suffix || ' ' || contact_id || ' ' || created_at, E'\\n'") +
                           order + "), '') FROM (SELECT x.suffix, c.id AS contact_id, c.created_at FROM contacts_view c, "
                           "contact_phone_suffixes_of(c.phone_digits) AS x(suffix)) e")[0].c_str();
  return {actual, expected};
}

TEST(contacts_projection, a_folded_batch_leaves_the_rows_and_counts_one_event_at_a_time_leaves) {
  history_writer history(600);
  auto one_by_one = testing::fresh_database();
  project_in_batches(one_by_one, history.events, 1);
  auto expected_rows = all_rows(one_by_one);
  {
    // The history reaches the cases it is for: keywords landing on contacts, agents opting out.
    pqxx::connection c(one_by_one);
    pqxx::read_transaction tx(c);
    EXPECT_GT(tx.exec1("SELECT count(*) FROM contacts_view WHERE doc->'consent'->>'consentSource' = 'keyword'")[0].as<int>(), 0);
    EXPECT_GT(tx.exec1("SELECT count(*) FROM contacts_view WHERE doc->'consent'->>'revokedSource' = 'agent'")[0].as<int>(), 0);
    EXPECT_GT(tx.exec1("SELECT count(*) FROM contacts_view")[0].as<int>(), 5);
  }
  EXPECT_EQ(counts_of(one_by_one), recounted(one_by_one));
  auto [suffixes, expected_suffixes] = suffixes_and_expected(one_by_one);
  EXPECT_NE(suffixes, "");
  EXPECT_EQ(suffixes, expected_suffixes);
  for (size_t size : {7, 50, 2000}) {
    auto batched = testing::fresh_database();
    project_in_batches(batched, history.events, size);
    EXPECT_EQ(all_rows(batched), expected_rows) << "batches of " << size;
    EXPECT_EQ(counts_of(batched), counts_of(one_by_one)) << "batches of " << size;
    EXPECT_EQ(suffixes_and_expected(batched).first, suffixes) << "batches of " << size;
  }
}

TEST(contacts_projection, a_created_contact_document_is_the_row_the_projection_writes) {
  auto url = testing::fresh_database();
  domain::contact_fields fields;
  fields.json = "{\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"phone\":\"+17605550142\",\"tags\":[\"buyer\"],"
                "\"address\":{\"city\":\"Vista\"},\"preferences\":{\"smsOptIn\":true,\"emailOptIn\":true}}";
  fields.phone = "+17605550142";
  fields.sms_opt_in = true;
  auto id = eventlog::random_uuid();
  auto decision = domain::decide_create(id, fields, context(7));
  auto events = domain::encode_all(decision.contact_events);
  auto thread_events = domain::encode_all(decision.thread_events);
  events.insert(events.end(), thread_events.begin(), thread_events.end());
  auto document = domain::created_contact_document(decision);
  ASSERT_NE(document, "");
  eventlog::event_list recorded;
  for (auto& e : events) {
    eventlog::recorded_event r;
    r.type = e.type;
    r.data = e.data;
    recorded.push_back(r);
  }
  project_in_batches(url, recorded, 10);
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  EXPECT_TRUE(tx.exec_params1("SELECT doc = $2::jsonb FROM contacts_view WHERE id = $1::uuid", id, document)[0].as<bool>())
      << document;
  EXPECT_NE(document.find("\"consentIp\":\"10.0.0.7\""), std::string::npos) << document;
}

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
    fields.json = std::string("{\"firstName\":\"") + (i % 2 ? "Bo" : "Ann") + "\",\"lastName\":\"" + (i % 2 ? "Kim" : "Lee") +
                  "\",\"phone\":\"" + phone + "\",\"email\":\"" + email + "\"}";
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
