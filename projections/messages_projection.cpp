#include "projections/messages_projection.hpp"

#include <optional>
#include <set>
#include <unordered_map>

#include "domain/thread_events.hpp"
#include "eventlog/prepared_sql.hpp"
#include "eventlog/uuid.hpp"
#include "projections/event_fields.hpp"
#include "projections/messages_table.hpp"
#include "projections/recordset_json.hpp"

namespace crm::projections {
namespace {

using messages::message_row;
using messages::messages_table;

// A batch is folded in memory and written with one upsert. The fold reproduces, event by event,
// what one statement per event did before (INSERT ... ON CONFLICT DO NOTHING for new texts,
// UPDATE by id for Twilio's answers), so the rows do not depend on where batches begin and end:
// a rebuild with other batch boundaries still equals the live table.

const std::string select_existing = messages_table.select_where(
    "id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb))) "
    "OR sid = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))");
const std::string upsert_rows = messages_table.upsert();

nullable_text number(std::optional<int> value) { return value ? nullable_text(std::to_string(*value)) : std::nullopt; }

nullable_text optional_text(const std::optional<std::string>& value) {
  return value ? non_empty(*value) : std::nullopt;
}

// A contact id as the column takes it: a uuid, else NULL (projections/event_fields.hpp).
nullable_text contact_uuid(const std::optional<std::string>& value) {
  return value && eventlog::is_uuid(*value) ? nullable_text(*value) : std::nullopt;
}

// The events that make or change a message row.
bool is_message_event(const std::string& type) {
  namespace ev = domain::events;
  return type == ev::outbound_message_requested::type || type == ev::inbound_message_received::type ||
         type == ev::message_imported::type || type == ev::twiml_reply_sent::type ||
         type == ev::message_accepted_by_twilio::type || type == ev::message_send_failed::type ||
         type == ev::message_status_changed::type;
}

template <class Event, class = void>
struct has_message_id : std::false_type {};
template <class Event>
struct has_message_id<Event, std::void_t<decltype(Event::message_id)>> : std::true_type {};

struct parsed_event {
  const eventlog::recorded_event* event;
  std::string phone;
  domain::thread_event data;
};

// The rows of one batch: those already stored that the batch refers to, and the new ones.
class batch_fold {
public:
  void load(const pqxx::result& stored) {
    for (auto r : stored) {
      auto m = messages_table.read(r);
      m.stored = true;
      add(std::move(m));
    }
  }

  void apply(const parsed_event& p) {
    namespace ev = domain::events;
    std::visit(domain::overloaded{
                   [&](const ev::outbound_message_requested& e) {
                     ours(p, e.message_id, e.from, e.to, e.body, json_text_array(e.media_urls), "queued", e.contact_id,
                          e.sent_by, e.requested_at);
                   },
                   // A TwiML reply went to Twilio with our answer to the webhook; Twilio reports no more of it.
                   [&](const ev::twiml_reply_sent& e) {
                     ours(p, e.message_id, e.from, e.to, e.body, "[]", "accepted", std::nullopt, "auto-reply",
                          e.sent_at);
                   },
                   [&](const ev::inbound_message_received& e) {
                     auto m = theirs(p, e.sid, e.from, e.to, e.body, e.num_segments);
                     if (!m) return;
                     m->direction = "inbound";
                     m->media_urls = json_text_array(e.media_urls);
                     m->status = "received";
                     m->contact_id = contact_uuid(e.contact_id);
                     m->created_at = m->sort_at = e.received_at;
                     m->foreign_to = e.foreign_to.value_or(false);
                     add(std::move(*m));
                   },
                   [&](const ev::message_imported& e) {
                     auto m = theirs(p, e.sid, e.from, e.to, e.body, e.num_segments);
                     if (!m) return;
                     m->direction = e.direction;
                     m->status = e.status;
                     m->price = optional_text(e.price);
                     m->price_unit = optional_text(e.price_unit);
                     m->contact_id = contact_uuid(e.contact_id);
                     m->twilio_created_at = optional_text(e.date_sent ? e.date_sent : e.twilio_created_at);
                     m->created_at = p.event->recorded_at;
                     m->sort_at = m->twilio_created_at ? m->twilio_created_at : m->created_at;
                     add(std::move(*m));
                   },
                   [&](const ev::message_accepted_by_twilio& e) {
                     auto* m = stored(e.message_id);
                     if (!m) return;
                     // A sid another text already holds would break messages_view's unique sid on every
                     // retry of the batch and stop the projection for good: the first holder keeps it.
                     if (auto holder = sids_.find(e.sid); holder == sids_.end() || holder->second == *m->id) {
                       if (m->sid) sids_.erase(*m->sid);
                       m->sid = e.sid;
                       sids_[e.sid] = *m->id;
                     }
                     m->status = e.status;
                     m->num_segments = std::to_string(e.num_segments);
                     m->price = optional_text(e.price);
                     m->price_unit = optional_text(e.price_unit);
                     m->twilio_created_at = optional_text(e.twilio_created_at);
                     if (auto delivered = optional_text(e.delivered_at)) m->delivered_at = delivered;
                   },
                   [&](const ev::message_send_failed& e) {
                     auto* m = stored(e.message_id);
                     if (!m) return;
                     m->status = "failed";
                     m->error_code = number(e.error_code);
                     m->error_message = e.error_message;
                   },
                   [&](const ev::message_status_changed& e) {
                     auto* m = stored(e.message_id);
                     if (!m) return;
                     m->status = e.status;
                     m->error_code = number(e.error_code);
                     m->error_message = non_empty(e.error_message);
                     if (auto delivered = optional_text(e.delivered_at)) m->delivered_at = delivered;
                   },
                   [](const auto&) {},
               },
               p.data);
  }

  /// Writes every row with COPY (a replay into an empty table: every row is new).
  void copy_all(pqxx::work& tx) const {
    copy_rows(tx, [](const message_row&) { return true; });
  }

  /// Writes the rows the batch made with COPY, and adds the stored rows it changed to
  /// `updates`. COPY is safe for a made row: the look-up found no row with its id or its sid,
  /// and the projector is the table's only writer (were a second one to race it, the unique
  /// indexes would fail the batch, which is retried and then finds the rows).
  void write_changed(pqxx::work& tx, recordset_json& updates) const {
    for (auto& id : order_)
      if (auto& m = rows_.at(id); m.changed && m.stored) messages_table.write(updates, m);
    copy_rows(tx, [](const message_row& m) { return m.changed && !m.stored; });
  }

private:
  // A text of ours: INSERT ... ON CONFLICT (id) DO NOTHING.
  void ours(const parsed_event& p, const std::string& id, const std::string& from, const std::string& to,
            const std::string& body, std::string media_urls, const char* status,
            const std::optional<std::string>& contact_id, const std::string& sent_by, const std::string& at) {
    if (rows_.count(id)) return;
    message_row m;
    m.id = id;
    m.thread_phone = p.phone;
    m.direction = "outbound";
    m.from_number = from;
    m.to_number = to;
    m.body = body;
    m.media_urls = std::move(media_urls);
    m.status = status;
    m.contact_id = contact_uuid(contact_id);
    m.sent_by = sent_by;
    m.created_at = m.sort_at = at;
    m.position = p.event->position;
    m.changed = true;
    add(std::move(m));
  }

  // A received or imported text, by its sid: nullopt when a row has the id or the sid already
  // (ON CONFLICT DO NOTHING).
  std::optional<message_row> theirs(const parsed_event& p, const std::string& sid, const std::string& from,
                                    const std::string& to, const std::string& body, int num_segments) {
    if (rows_.count(sid) || sids_.count(sid)) return std::nullopt;
    message_row m;
    m.id = m.sid = sid;
    m.thread_phone = p.phone;
    m.from_number = from;
    m.to_number = to;
    m.body = body;
    m.num_segments = std::to_string(num_segments);
    m.position = p.event->position;
    m.changed = true;
    return m;
  }

  // A stored row Twilio's answer is about, marked changed: UPDATE ... WHERE id = $1.
  message_row* stored(const std::string& message_id) {
    auto it = rows_.find(message_id);
    if (it == rows_.end()) return nullptr;
    it->second.changed = true;
    return &it->second;
  }

  /// COPYs the rows `wanted` picks, in log order; opens no COPY when it picks none.
  template <class Wanted>
  void copy_rows(pqxx::work& tx, Wanted wanted) const {
    auto out = messages_table.copy(tx);
    for (auto& id : order_)
      if (auto& m = rows_.at(id); wanted(m)) out.write(m);
    out.complete();
  }

  void add(message_row m) {
    auto id = *m.id;
    if (m.sid) sids_[*m.sid] = id;
    order_.push_back(id);
    rows_.emplace(id, std::move(m));
  }

  std::unordered_map<std::string, message_row> rows_;  // by id
  std::unordered_map<std::string, std::string> sids_;  // sid -> id
  std::vector<std::string> order_;                     // write in log order
};

}  // namespace

std::string thread_phone_of(const std::string& stream_id) {
  constexpr std::string_view prefix = "thread-";
  return stream_id.rfind(prefix, 0) == 0 ? stream_id.substr(prefix.size()) : "";
}

struct messages_projection::replay_state {
  batch_fold fold;
};

messages_projection::messages_projection() = default;
messages_projection::~messages_projection() = default;

void messages_projection::begin_replay() { replay_ = std::make_unique<replay_state>(); }

void messages_projection::finish_replay(pqxx::work& tx) {
  if (!replay_) return;
  replay_->fold.copy_all(tx);
  replay_.reset();
}

void messages_projection::apply_batch(pqxx::work& tx, const eventlog::event_list& events) {
  namespace ev = domain::events;
  std::vector<parsed_event> relevant;
  std::set<std::string> ids, sids;
  for (auto& event : events) {
    if (!is_message_event(event.type)) continue;
    auto phone = thread_phone_of(event.stream_id);
    if (phone.empty()) continue;
    auto data = domain::decode_thread_event(event.type, event.data, event.position);
    if (!data) continue;
    parsed_event p{&event, std::move(phone), std::move(*data)};
    if (replay_) {  // every row the replay has made is in memory: nothing to look up
      replay_->fold.apply(p);
      continue;
    }
    // A received or imported text's row has its sid as its id, and every other row's id is a
    // uuid of ours, so a row with this id would hold this sid too: the sid index alone answers,
    // and one probe a new text instead of two matters under ingest (docs/benchmarks.md).
    std::visit(domain::overloaded{
                   [&](const ev::inbound_message_received& e) { sids.insert(e.sid); },
                   [&](const ev::message_imported& e) { sids.insert(e.sid); },
                   [&](const ev::message_accepted_by_twilio& e) {
                     ids.insert(e.message_id);
                     sids.insert(e.sid);
                   },
                   [&](const auto& e) {
                     if constexpr (has_message_id<std::decay_t<decltype(e)>>::value) ids.insert(e.message_id);
                   },
               },
               p.data);
    relevant.push_back(std::move(p));
  }
  if (relevant.empty()) return;
  batch_fold fold;
  fold.load(eventlog::exec_prepared_sql(tx, "messages_existing", select_existing, json_text_array(ids),
                                        json_text_array(sids)));
  for (auto& p : relevant) fold.apply(p);
  recordset_json updates;
  fold.write_changed(tx, updates);
  if (updates.rows() > 0) eventlog::exec_prepared_sql(tx, "messages_upsert", upsert_rows, updates.text());
}

}  // namespace crm::projections
