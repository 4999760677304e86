#include "projections/conversations_projection.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include <rapidjson/document.h>

#include "domain/iso_time.hpp"
#include "domain/json_object.hpp"
#include "domain/thread_events.hpp"
#include "domain/thread_state.hpp"
#include "eventlog/prepared_sql.hpp"
#include "eventlog/uuid.hpp"
#include "projections/conversations_table.hpp"
#include "projections/event_fields.hpp"
#include "projections/messages_projection.hpp"
#include "projections/recordset_json.hpp"

namespace crm::projections {
namespace {

using conversations::conversation_row;
using conversations::conversations_table;

// A batch is folded in memory, one conversation row per thread it touches, and written with one
// upsert. The fold applies each event exactly as the per-event statements did before (the
// conditions on the stored row included), so the rows do not depend on batch boundaries.

const std::string select_existing = conversations_table.select_where(
    "phone = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))");
const std::string upsert_rows = conversations_table.upsert();

// A number's digits are indexed once, in conversation_phones (migration 0014), not on every
// update of its conversation.
constexpr const char* insert_phones =
    "INSERT INTO conversation_phones (phone) SELECT jsonb_array_elements_text($1::jsonb) ON CONFLICT DO NOTHING";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// `a` is at least as new as `b`. Every time in the log is ISO 8601 UTC written by this server.
bool not_older(const std::string& a, const std::string& b) {
  auto ta = domain::parse_iso8601(a), tb = domain::parse_iso8601(b);
  if (ta && tb) return *ta >= *tb;
  return a >= b;
}

class batch_fold {
public:
  void load(const pqxx::result& stored) {
    for (auto r : stored) {
      auto c = conversations_table.read(r);
      c.stored = true;
      auto phone = c.phone;
      rows_.emplace(phone, std::move(c));
    }
  }

  void apply(const eventlog::recorded_event& event, const std::string& phone, const domain::thread_event& data) {
    namespace ev = domain::events;
    auto p = event.position;
    std::visit(
        domain::overloaded{
            [&](const ev::outbound_message_requested& e) {
              message(event, phone, e.requested_at, e.message_id, e.body, false, "queued");
            },
            [&](const ev::twiml_reply_sent& e) {
              message(event, phone, e.sent_at, e.message_id, e.body, false, "accepted");
            },
            [&](const ev::inbound_message_received& e) {
              // Imported history is history: only a received text makes a thread unread.
              ++message(event, phone, e.received_at, e.sid, e.body, true, "received").unread_count;
            },
            [&](const ev::message_imported& e) {
              message(event, phone, e.date_sent.value_or(e.twilio_created_at.value_or("")), e.sid, e.body,
                      e.direction == "inbound", e.status);
            },
            [&](const ev::message_accepted_by_twilio& e) { twilio_answer(phone, p, e.message_id, e.status); },
            [&](const ev::message_status_changed& e) { twilio_answer(phone, p, e.message_id, e.status); },
            [&](const ev::message_send_failed& e) { twilio_answer(phone, p, e.message_id, e.status); },
            [&](const ev::contact_linked& e) {
              auto& c = ensure(phone, p);
              c.contact_id = eventlog::is_uuid(e.contact_id) ? nullable_text(lower(e.contact_id)) : std::nullopt;
              c.position = p;
              c.changed = true;
            },
            [&](const ev::contact_unlinked& e) {
              auto* c = find(phone);
              if (!c || !c->contact_id || lower(*c->contact_id) != lower(e.contact_id)) return;
              c->contact_id.reset();
              c->position = p;
              c->changed = true;
            },
            [&](const ev::consent_granted&) { consent(phone, p, data); },
            [&](const ev::consent_revoked&) { consent(phone, p, data); },
            [&](const ev::possible_opt_out_flagged& e) {
              auto& c = ensure(phone, p);
              domain::json_object flag;
              flag.add("messageSid", e.message_sid).add("text", e.text).add("phrase", e.phrase).add("flaggedAt", e.at);
              c.possible_opt_out = flag.text();
              c.position = p;
              c.changed = true;
            },
            [&](const ev::possible_opt_out_resolved& e) {
              auto* c = find(phone);
              if (!c || !c->possible_opt_out) return;
              // Only the flag it names: a newer flag raised meanwhile stays (domain/thread_state.cpp).
              rapidjson::Document flag;
              flag.Parse(c->possible_opt_out->c_str());
              if (flag.IsObject() && !e.message_sid.empty() && string_member(flag, "messageSid") != e.message_sid)
                return;
              c->possible_opt_out.reset();
              c->position = p;
              c->changed = true;
            },
            [&](const ev::thread_read& e) {
              auto* c = find(phone);
              if (!c) return;
              c->unread_count = 0;
              c->last_read_at = e.at.empty() ? event.recorded_at : e.at;
              c->position = p;
              c->changed = true;
            },
            [](const auto&) {},
        },
        data);
  }

  void write_changed(recordset_json& out) const {
    for (auto& [phone, c] : rows_)
      if (c.changed) conversations_table.write(out, c);
  }

  /// The numbers whose conversation the batch made.
  std::set<std::string> new_phones() const {
    std::set<std::string> phones;
    for (auto& [phone, c] : rows_)
      if (!c.stored) phones.insert(phone);
    return phones;
  }

  /// Writes every row with COPY (a replay into empty tables: every row is new).
  void copy_all(pqxx::work& tx) const {
    auto out = conversations_table.copy(tx);
    for (auto& [phone, c] : rows_) out.write(c);
    out.complete();
    pqxx::stream_to phones(tx, "conversation_phones", std::vector<std::string>{"phone"});
    for (auto& [phone, c] : rows_) phones << std::make_tuple(phone);
    phones.complete();
  }

private:
  // A text in the thread: counted, and the preview when it is at least as new as the current
  // one (imported history can arrive after newer messages).
  conversation_row& message(const eventlog::recorded_event& event, const std::string& phone, std::string at,
                            const std::string& id, const std::string& body, bool inbound, const std::string& status) {
    auto& c = ensure(phone, event.position);
    if (at.empty() || !domain::parse_iso8601(at)) at = event.recorded_at;
    ++c.message_count;
    c.position = event.position;
    if (!c.last_at || not_older(at, *c.last_at)) {
      c.last_message_id = id;
      c.last_body = body;
      c.last_direction = inbound ? "inbound" : "outbound";
      c.last_status = status;
      c.last_at = at;
    }
    c.changed = true;
    return c;
  }

  // Twilio's answer about the text the preview shows.
  void twilio_answer(const std::string& phone, long long position, const std::string& message_id,
                     const std::string& status) {
    auto* c = find(phone);
    if (!c || c->last_message_id != message_id) return;
    c->last_status = status;
    c->position = position;
    c->changed = true;
  }

  // The domain's own fold, on the part of the ledger the row keeps: after STOP, only START, YES
  // or UNSTOP opts the number in again (domain/consent_ledger.hpp).
  void consent(const std::string& phone, long long position, const domain::thread_event& data) {
    auto& c = ensure(phone, position);
    domain::consent_ledger ledger;
    ledger.stopped_by_keyword = c.stopped_by_keyword;
    if (auto change = domain::consent_event_from(data)) domain::evolve(ledger, *change);
    c.opt_in_status = domain::consent_status_name(ledger.status);
    c.stopped_by_keyword = ledger.stopped_by_keyword;
    c.position = position;
    c.changed = true;
  }

  conversation_row* find(const std::string& phone) {
    auto it = rows_.find(phone);
    return it == rows_.end() ? nullptr : &it->second;
  }

  // INSERT ... (phone, position) ON CONFLICT (phone) DO NOTHING
  conversation_row& ensure(const std::string& phone, long long position) {
    auto [it, inserted] = rows_.try_emplace(phone);
    if (inserted) {
      it->second.phone = phone;
      it->second.position = position;
      it->second.changed = true;
    }
    return it->second;
  }

  std::unordered_map<std::string, conversation_row> rows_;
};

// Every thread event but a refused send and an opt-in request's record (its text is an
// OutboundMessageRequested of its own) can change a conversation.
bool is_relevant(const std::string& type) {
  return type != domain::events::outbound_message_blocked::type && type != domain::events::opt_in_requested::type;
}

}  // namespace

struct conversations_projection::replay_state {
  batch_fold fold;
};

conversations_projection::conversations_projection() = default;
conversations_projection::~conversations_projection() = default;

void conversations_projection::begin_replay() { replay_ = std::make_unique<replay_state>(); }

void conversations_projection::finish_replay(pqxx::work& tx) {
  if (!replay_) return;
  replay_->fold.copy_all(tx);
  replay_.reset();
}

void conversations_projection::apply_batch(pqxx::work& tx, const eventlog::event_list& events) {
  struct parsed {
    const eventlog::recorded_event* event;
    std::string phone;
    domain::thread_event data;
  };
  std::vector<parsed> relevant;
  std::set<std::string> phones;
  for (auto& event : events) {
    if (!is_relevant(event.type)) continue;
    auto phone = thread_phone_of(event.stream_id);
    if (phone.empty()) continue;
    auto data = domain::decode_thread_event(event.type, event.data, event.position);
    if (!data) continue;
    if (replay_) {  // every row the replay has made is in memory: nothing to look up
      replay_->fold.apply(event, phone, *data);
      continue;
    }
    phones.insert(phone);
    relevant.push_back({&event, std::move(phone), std::move(*data)});
  }
  if (relevant.empty()) return;
  batch_fold fold;
  fold.load(eventlog::exec_prepared_sql(tx, "conversations_existing", select_existing, json_text_array(phones)));
  for (auto& p : relevant) fold.apply(*p.event, p.phone, p.data);
  recordset_json rows;
  fold.write_changed(rows);
  if (rows.rows() > 0) eventlog::exec_prepared_sql(tx, "conversations_upsert", upsert_rows, rows.text());
  if (auto added = fold.new_phones(); !added.empty())
    eventlog::exec_prepared_sql(tx, "conversation_phones_insert", insert_phones, json_text_array(added));
}

}  // namespace crm::projections
