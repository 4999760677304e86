#pragma once
// What the contacts read-model tests (contacts_*.pgtest.cpp) share: a generated contact history
// with the cases a batch must get right, and the contacts projection applied in batches.

#include <cstddef>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "domain/contact.hpp"
#include "eventlog/event.hpp"
#include "eventlog/uuid.hpp"

namespace crm::projections::contacts_test {

/// Agent 1 at 10:00:(i % 60) on 2026-11-25, from an address of its own.
domain::actor_context context(int i);

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
    if (kind == 1)
      fields.json = std::string("{\"tags\":") + tag_sets[tags] + ",\"notes\":\"n" + std::to_string(events.size()) +
                    "\"}";
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
void project_in_batches(const std::string& url, const eventlog::event_list& events, size_t size);

}  // namespace crm::projections::contacts_test
