// crmctl consent-audit over a long random scenario decided by the domain's own functions
// (contacts with and without the opt-in box, keywords, agent revocations, sends of every
// purpose, refusals, Twilio answers and callbacks), plus sends planted by appending
// OutboundMessageRequested directly, bypassing every check: the audit must name exactly those.

#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "domain/contact.hpp"
#include "domain/iso_time.hpp"
#include "domain/json_object.hpp"
#include "domain/thread_decisions.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "support/crmctl_runner.hpp"
#include "support/test_database.hpp"

namespace crm::cli {
namespace {

using testing::command_result;
using testing::crmctl;

class scenario {
public:
  scenario(const std::string& url, unsigned seed) : store_(url), random_(seed) {}

  /// Runs `steps` random steps over `numbers` phone numbers.
  void run(int steps, int numbers) {
    for (int i = 0; i < numbers; ++i) phones_.push_back("+1760555" + std::to_string(2000 + i));
    for (int step = 0; step < steps; ++step) {
      now_ += std::chrono::minutes(7 + pick(50));
      auto& phone = phones_[pick(phones_.size())];
      switch (pick(10)) {
        case 0: create_contact(phone); break;
        case 1:
        case 2: inbound(phone); break;
        case 3: revoke_by_agent(phone); break;
        case 4: plant(phone); break;
        default: send(phone); break;
      }
    }
  }

  const std::set<std::string>& planted() const { return planted_; }
  std::size_t planted_on(const std::string& phone) const {
    return planted_by_phone_.count(phone) ? planted_by_phone_.at(phone) : 0;
  }
  std::size_t requested() const { return requested_; }
  std::size_t refused() const { return refused_; }

private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }

  std::string stamp() const { return domain::format_iso8601(now_); }

  void append(const std::string& phone, const domain::thread_events& events) {
    if (events.empty()) return;
    eventlog::append_request request;
    eventlog::stream_append stream{"thread-" + phone, eventlog::expected::any, {}};
    for (auto& e : events) {
      auto encoded = domain::encode(e);
      stream.events.push_back({eventlog::random_uuid(), encoded.type, encoded.data, "{}"});
      domain::evolve(threads_[phone], e);
    }
    request.streams.push_back(stream);
    ASSERT_EQ(store_.append(request).status, eventlog::append_status::ok);
  }

  domain::actor_context context() const {
    domain::actor_context ctx;
    ctx.user_id = "agent-1";
    ctx.user_email = "agent@example.com";
    ctx.ip = "10.0.0.7";
    ctx.user_agent = "test";
    ctx.now = stamp();
    return ctx;
  }

  void create_contact(const std::string& phone) {
    if (!threads_[phone].linked_contact_id.empty()) return;
    threads_[phone].phone = phone;
    domain::contact_fields fields;
    fields.json = "{\"firstName\":\"A\",\"lastName\":\"B\",\"phone\":\"" + phone + "\"}";
    fields.phone = phone;
    fields.sms_opt_in = pick(3) != 0;
    auto id = eventlog::random_uuid();
    auto created = domain::decide_create(id, fields, context());
    eventlog::append_request request;
    eventlog::stream_append contact{"contact-" + id, 0, {}};
    for (auto& e : domain::encode_all(created.contact_events))
      contact.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
    request.streams.push_back(contact);
    ASSERT_EQ(store_.append(request).status, eventlog::append_status::ok);
    append(phone, created.thread_events);
  }

  void inbound(const std::string& phone) {
    threads_[phone].phone = phone;
    static const char* bodies[] = {"hello", "STOP", "START", "HELP", "yes please", "unsubscribe", "OPT IN"};
    domain::inbound_text text;
    text.sid = "SM" + eventlog::random_uuid().substr(0, 8);
    text.from = phone;
    text.to = "+17605550000";
    text.body = bodies[pick(7)];
    append(phone, domain::decide_inbound(threads_[phone], text, replies_, now_).events);
  }

  void revoke_by_agent(const std::string& phone) {
    auto& contact = threads_[phone].linked_contact_id;
    if (contact.empty()) return;
    append(phone, {domain::consent_revoked_by_agent(phone, contact, context())});
  }

  void send(const std::string& phone) {
    threads_[phone].phone = phone;
    static const domain::send_purpose purposes[] = {
        domain::send_purpose::conversational, domain::send_purpose::conversational,
        domain::send_purpose::marketing,      domain::send_purpose::bulk,
        domain::send_purpose::opt_in_request, domain::send_purpose::keyword_confirmation};
    domain::outbound_request request;
    request.message_id = eventlog::random_uuid();
    request.to = phone;
    request.from = "+17605550000";
    request.body = "hi";
    request.purpose = purposes[pick(6)];
    request.sent_by = "agent-1";
    auto decision = domain::decide_outbound(threads_[phone], request, now_, domain::locate_recipient("CA", phone));
    append(phone, decision.events);
    if (decision.refusal) {
      ++refused_;
      return;
    }
    ++requested_;
    if (pick(5) == 0) {
      append(phone, {domain::send_failed(request.message_id, 30003, "Unreachable", now_)});
      return;
    }
    auto sid = "SM" + eventlog::random_uuid().substr(0, 12);
    append(phone, {domain::twilio_accepted(request.message_id, sid, "queued", 1, std::nullopt, "", "", now_)});
    for (auto status : {"sent", "delivered"})
      if (pick(2) == 0)
        if (auto e = domain::decide_status(threads_[phone], sid, {status, std::nullopt, ""}, now_)) append(phone, {*e});
  }

  // A send the actors would have refused, written straight into the log.
  void plant(const std::string& phone) {
    if (threads_[phone].consent.status == domain::consent_status::opted_in) return;
    auto id = eventlog::random_uuid();
    domain::events::outbound_message_requested requested;
    requested.message_id = id;
    requested.to = phone;
    requested.from = "+17605550000";
    requested.body = "planted";
    requested.purpose = pick(2) ? "conversational" : "marketing";
    requested.sent_by = "intruder";
    requested.requested_at = stamp();
    append(phone, {requested});
    planted_.insert(id);
    ++planted_by_phone_[phone];
  }

  eventlog::event_store store_;
  domain::keyword_replies replies_;
  std::mt19937 random_;
  domain::instant now_ = *domain::parse_iso8601("2026-03-01T12:00:00Z");
  std::vector<std::string> phones_;
  std::map<std::string, domain::thread_state> threads_;
  std::set<std::string> planted_;
  std::map<std::string, std::size_t> planted_by_phone_;
  std::size_t requested_ = 0, refused_ = 0;
};

std::set<std::string> uncovered_ids(const rapidjson::Value& messages) {
  std::set<std::string> ids;
  for (auto& m : messages.GetArray())
    if (!m["covered"].GetBool()) ids.insert(m["messageId"].GetString());
  return ids;
}

TEST(consent_audit, reports_exactly_the_planted_sends_of_a_random_scenario) {
  auto url = testing::fresh_database();
  scenario s(url, 20261125);
  s.run(1500, 15);
  ASSERT_GT(s.planted().size(), 5u);
  ASSERT_GT(s.requested(), 100u);
  ASSERT_GT(s.refused(), 20u);

  auto all = crmctl(url, "consent-audit --all --format json");
  EXPECT_EQ(all.status, 1);
  rapidjson::Document d;
  d.Parse(all.output.c_str());
  ASSERT_FALSE(d.HasParseError()) << all.output;
  EXPECT_EQ(d["version"].GetInt(), 1);
  EXPECT_EQ(d["summary"]["uncovered"].GetUint64(), s.planted().size());
  EXPECT_EQ(d["summary"]["messages"].GetUint64(), s.requested() + s.planted().size());
  EXPECT_EQ(d["summary"]["numbers"].GetUint64(), 15u);
  EXPECT_EQ(uncovered_ids(d["exceptions"]), s.planted());

  // Each number on its own: its planted sends, and every covered send names its basis.
  std::set<std::string> found;
  for (int i = 0; i < 15; ++i) {
    auto phone = "+1760555" + std::to_string(2000 + i);
    auto one = crmctl(url, "consent-audit --phone " + phone + " --format json");
    EXPECT_EQ(one.status, s.planted_on(phone) ? 1 : 0) << phone;
    rapidjson::Document p;
    p.Parse(one.output.c_str());
    ASSERT_FALSE(p.HasParseError()) << one.output;
    EXPECT_EQ(p["summary"]["uncovered"].GetUint64(), s.planted_on(phone)) << phone;
    for (auto& m : p["messages"].GetArray()) {
      if (!m["covered"].GetBool()) continue;
      std::string basis = m["basis"].GetString();
      if (basis == "consent") {
        EXPECT_TRUE(m["coveredBy"].IsObject()) << phone;
        EXPECT_STREQ(m["coveredBy"]["kind"].GetString(), "granted");
        EXPECT_LT(m["coveredBy"]["position"].GetInt64(), m["position"].GetInt64());
      }
    }
    auto ids = uncovered_ids(p["messages"]);
    found.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(found, s.planted());
}

TEST(consent_audit, state_at_a_time_and_text_output) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  auto grant =
      R"({"phone":"+17605551234","source":"keyword","keyword":"START","messageSid":"SM1","text":"START","at":"2026-01-01T00:00:00.000Z"})";
  eventlog::append_request request;
  request.streams.push_back(
      {"thread-+17605551234", eventlog::expected::any, {{eventlog::random_uuid(), "ConsentGranted", grant, "{}"}}});
  ASSERT_EQ(store.append(request).status, eventlog::append_status::ok);

  auto before = crmctl(url, "consent-audit --phone '(760) 555-1234' --at 2000-01-01T00:00:00Z --format json");
  EXPECT_EQ(before.status, 0);
  EXPECT_NE(before.output.find("\"statusAt\":\"none\""), std::string::npos) << before.output;
  auto now = crmctl(url, "consent-audit --phone +17605551234");
  EXPECT_EQ(now.status, 0);
  EXPECT_NE(now.output.find("opted_in (event #1)"), std::string::npos) << now.output;
  EXPECT_NE(now.output.find("\"messageSid\": \"SM1\""), std::string::npos) << now.output;
}

TEST(consent_audit, usage_errors_are_exit_2) {
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "consent-audit").status, 2);
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "consent-audit --phone nonsense").status, 2);
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "consent-audit --all --at yesterday").status, 2);
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "consent-audit --all --format xml").status, 2);
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "consent-audit --all").status, 2);
}

}  // namespace
}  // namespace crm::cli
