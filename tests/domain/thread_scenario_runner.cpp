#include "thread_scenario_runner.hpp"

#include <gtest/gtest.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/iso_time.hpp"
#include "scenario_events.hpp"
#include "scenario_text.hpp"
#include "test_time.hpp"

namespace crm::domain::testing {
namespace {

constexpr const char* our_number = "+17605550100";

bool yes(const std::string& value) { return value == "yes" || value == "true"; }

std::string option_or(const std::map<std::string, std::string>& o, const std::string& key,
                      const std::string& fallback) {
  auto it = o.find(key);
  return it == o.end() ? fallback : it->second;
}

// A contact body as the API would receive it: the line's fields (smsOptIn inside preferences),
// or the line's body='{...}' as it stands.
std::string contact_body(const std::map<std::string, std::string>& o, bool create, const std::string& phone) {
  if (auto body = o.find("body"); body != o.end()) return body->second;
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  auto text = [&](const std::string& s) { return rapidjson::Value(s.c_str(), a); };
  std::map<std::string, std::string> fields = o;
  if (create) {
    fields.emplace("firstName", "Ann");
    fields.emplace("lastName", "Lee");
    fields.emplace("phone", phone);
  }
  for (auto& [name, value] : fields) {
    if (name == "id" || name == "user" || name == "email" || name == "ip" || name == "agent") continue;
    if (name == "phone" && value == "none") continue;
    if (name == "smsOptIn") {
      rapidjson::Value preferences(rapidjson::kObjectType);
      preferences.AddMember("smsOptIn", yes(value), a);
      d.AddMember("preferences", preferences, a);
    } else {
      d.AddMember(text(name), text(value), a);
    }
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  d.Accept(w);
  return buffer.GetString();
}

}  // namespace

thread_scenario_runner::thread_scenario_runner(std::string name) : name_(std::move(name)) {
  thread_.phone = "+17605550142";
}

void thread_scenario_runner::line(int number, const std::string& text) {
  where_ = name_ + ":" + std::to_string(number);
  auto w = words_of(text);
  if (w.empty() || w[0][0] == '#') return;
  if (w[0] == "given") return given(w);
  if (w[0] == "config") return config(w);
  if (w[0] == "when") return when(w);
  if (w[0] == "then") return then(w);
  ADD_FAILURE() << where_ << ": unknown line: " << text;
}

void thread_scenario_runner::finish() {
  EXPECT_GT(checks_, 0) << name_ << ": a scenario must check something";
  EXPECT_TRUE(checked_) << name_ << ": the last 'when' has no 'then'";
}

void thread_scenario_runner::given(const words& w) {
  ASSERT_GE(w.size(), 3u) << where_ << ": given <UTC time> <EventType> [field=value]...";
  auto at = parse_utc(w[1]);
  ASSERT_TRUE(at) << where_ << ": bad time " << w[1];
  given_defaults defaults{thread_.phone, our_number, format_iso8601(*at)};
  auto fields = options_of(w, 3);
  std::string error;
  if (auto event = given_thread_event(w[2], fields, defaults, error)) return evolve(thread_, *event);
  if (error.rfind("no event of this stream", 0) != 0) {
    ADD_FAILURE() << where_ << ": " << error;
    return;
  }
  auto event = given_contact_event(w[2], fields, defaults, error);
  ASSERT_TRUE(event) << where_ << ": " << error;
  evolve(contact_, *event);
}

void thread_scenario_runner::config(const words& w) {
  ASSERT_EQ(w.size(), 4u) << where_ << ": config reply <KEYWORD> \"<text>\"";
  ASSERT_EQ(w[1], "reply") << where_;
  auto_replies_[w[2]] = w[3];
  replies_.extra = keyword_matcher(auto_replies_);
}

void thread_scenario_runner::when(const words& w) {
  ASSERT_GE(w.size(), 3u) << where_ << ": when <UTC time> <command> ...";
  EXPECT_TRUE(checked_) << where_ << ": the previous 'when' has no 'then'";
  auto now = parse_utc(w[1]);
  ASSERT_TRUE(now) << where_ << ": bad time " << w[1];
  asked_ = w[2];
  checked_ = false;
  decided_.clear();
  inbound_ = {};
  refusal_.reset();
  input_error_.reset();
  auto o = options_of(w, 3);
  if (asked_ == "inbound") return when_inbound(o, *now);
  if (asked_ == "send") return when_send(w, o, *now);
  if (asked_ == "accepted" || asked_ == "failed" || asked_ == "status") return when_twilio(asked_, o, *now);
  if (asked_ == "create" || asked_ == "update" || asked_ == "delete") return when_contact(asked_, o, *now);
  if (asked_ == "read") {
    thread_event read = decide_mark_read(thread_, option_or(o, "by", "u1"), *now);
    decided_.push_back(encode(read));
    return evolve(thread_, read);
  }
  ADD_FAILURE() << where_ << ": unknown command " << asked_;
}

// As the thread actor asks it; the events are then the thread's, as after their append.
void thread_scenario_runner::when_inbound(const options& o, instant now) {
  inbound_text text;
  text.sid = option_or(o, "sid", "SM" + std::to_string(thread_.known_sids.size() + 1));
  text.from = thread_.phone;
  text.to = our_number;
  text.body = option_or(o, "text", "");
  if (auto media = o.find("media"); media != o.end()) {
    text.media_urls.push_back(media->second);
    text.media_types.push_back("image/jpeg");
  }
  text.num_segments = std::stoi(option_or(o, "segments", "1"));
  text.from_state = option_or(o, "fromState", "");
  text.messaging_service_sid = option_or(o, "service", "");
  text.foreign_to = yes(option_or(o, "foreign", "no"));
  inbound_ = decide_inbound(thread_, text, replies_, now);
  decided_ = encode_all(inbound_.events);
  for (auto& event : inbound_.events) evolve(thread_, event);
}

void thread_scenario_runner::when_send(const words& w, const options& o, instant now) {
  auto purposes = plain_words_of(w, 3);
  ASSERT_EQ(purposes.size(), 1u) << where_ << ": when <time> send <purpose> [field=value]...";
  auto purpose = parse_send_purpose(purposes[0]);
  ASSERT_TRUE(purpose) << where_ << ": unknown purpose " << purposes[0];
  outbound_request request;
  request.message_id = option_or(o, "id", "m" + std::to_string(++sends_));
  request.to = thread_.phone;
  request.from = our_number;
  request.body = option_or(o, "body", "Hello");
  request.purpose = *purpose;
  request.contact_id = option_or(o, "contact", "");
  request.sent_by = option_or(o, "by", "u1");
  request.confirmed_possible_opt_out = yes(option_or(o, "confirmed", "no"));
  recipient_location location{option_or(o, "state", ""), option_or(o, "region", ""), option_or(o, "area", "")};
  auto decision = decide_outbound(thread_, request, now, location);
  refusal_ = decision.refusal;
  decided_ = encode_all(decision.events);
  for (auto& event : decision.events) evolve(thread_, event);
}

// Twilio's answer to a send, and its status callbacks.
void thread_scenario_runner::when_twilio(const std::string& what, const options& o, instant now) {
  auto code = o.count("code") ? std::optional<int>(std::stoi(o.at("code"))) : std::nullopt;
  std::optional<thread_event> event;
  if (what == "accepted") {
    auto price = o.count("price") ? std::optional<std::string>(o.at("price")) : std::nullopt;
    event = twilio_accepted(option_or(o, "id", "m1"), option_or(o, "sid", "SM1"), option_or(o, "status", ""),
                            std::stoi(option_or(o, "segments", "1")), price, option_or(o, "unit", ""),
                            option_or(o, "created", ""), now);
  } else if (what == "failed") {
    event = send_failed(option_or(o, "id", "m1"), code, option_or(o, "message", ""), now);
  } else if (auto changed = decide_status(thread_, option_or(o, "sid", "SM1"),
                                          {option_or(o, "status", ""), code, option_or(o, "message", "")}, now)) {
    event = *changed;
  }
  if (!event) return;
  decided_.push_back(encode(*event));
  evolve(thread_, *event);
}

void thread_scenario_runner::when_contact(const std::string& what, const options& o, instant now) {
  actor_context ctx;
  ctx.user_id = option_or(o, "user", "u1");
  ctx.user_email = option_or(o, "email", "agent@example.com");
  ctx.ip = option_or(o, "ip", "203.0.113.5");
  ctx.user_agent = option_or(o, "agent", "Mozilla/5.0");
  ctx.now = format_iso8601(now);
  if (what == "delete") return apply(decide_delete(contact_, ctx));
  auto mode = what == "create" ? contact_body_mode::create : contact_body_mode::update;
  auto parsed = parse_contact_fields(contact_body(o, what == "create", thread_.phone), mode, "US");
  if (auto* error = std::get_if<contact_input_error>(&parsed)) {
    input_error_ = *error;
    return;
  }
  auto& fields = std::get<contact_fields>(parsed);
  apply(what == "create" ? decide_create(option_or(o, "id", "c1"), fields, ctx) : decide_update(contact_, fields, ctx));
}

// The decision's events land on their streams: the contact's, and this thread's when they are
// for its number (a contact that moves away leaves with the previous number's events).
void thread_scenario_runner::apply(const contact_decision& decision) {
  for (auto& event : decision.contact_events) evolve(contact_, event);
  if (decision.phone == thread_.phone)
    for (auto& event : decision.thread_events) evolve(thread_, event);
  if (!decision.old_phone.empty() && decision.old_phone == thread_.phone)
    for (auto& event : decision.old_thread_events) evolve(thread_, event);
  for (auto* stream : {&decision.thread_events, &decision.old_thread_events}) {
    auto encoded = encode_all(*stream);
    decided_.insert(decided_.end(), encoded.begin(), encoded.end());
  }
  auto contact = encode_all(decision.contact_events);
  decided_.insert(decided_.begin(), contact.begin(), contact.end());
}

}  // namespace crm::domain::testing
