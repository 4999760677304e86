#include "projections/messages_projection.hpp"

#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventlog/prepared_sql.hpp"
#include "projections/copy_rows.hpp"
#include "domain/thread_events.hpp"
#include "eventlog/uuid.hpp"
#include "projections/event_fields.hpp"
#include "projections/recordset_json.hpp"

namespace crm::projections {
namespace {

// A batch is folded in memory and written with one upsert. The fold reproduces, event by event,
// what one statement per event did before (INSERT ... ON CONFLICT DO NOTHING for new texts,
// UPDATE by id for Twilio's answers), so the rows do not depend on where batches begin and end:
// a rebuild with other batch boundaries still equals the live table.

constexpr const char* columns =
    "id, thread_phone, sid, direction, from_number, to_number, body, media_urls, status, error_code, error_message, "
    "num_segments, price, price_unit, contact_id, sent_by, twilio_created_at, delivered_at, created_at, sort_at, "
    "position, foreign_to";

const std::string select_existing =
    std::string("SELECT id, thread_phone, sid, direction, from_number, to_number, body, media_urls::text, status, "
                "error_code, error_message, num_segments, price, price_unit, contact_id::text, sent_by, ") +
    "to_char(twilio_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "to_char(sort_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), position, foreign_to "
    "FROM messages_view WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb))) "
    "OR sid = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))";

// Only rows already stored come here (new ones are copied, write_changed), so every row takes
// the DO UPDATE branch; the INSERT form keeps one statement shape for a recordset of rows.
const std::string upsert_rows =
    std::string("INSERT INTO messages_view (") + columns + ") SELECT " + columns +
    " FROM jsonb_to_recordset($1::jsonb) AS r(id text, thread_phone text, sid text, direction text, from_number text, "
    "to_number text, body text, media_urls jsonb, status text, error_code int, error_message text, num_segments int, "
    "price text, price_unit text, contact_id uuid, sent_by text, twilio_created_at timestamptz, "
    "delivered_at timestamptz, created_at timestamptz, sort_at timestamptz, position bigint, foreign_to boolean) "
    "ON CONFLICT (id) DO UPDATE SET sid = EXCLUDED.sid, status = EXCLUDED.status, error_code = EXCLUDED.error_code, "
    "error_message = EXCLUDED.error_message, num_segments = EXCLUDED.num_segments, price = EXCLUDED.price, "
    "price_unit = EXCLUDED.price_unit, twilio_created_at = EXCLUDED.twilio_created_at, "
    "delivered_at = EXCLUDED.delivered_at";

struct message_row {
  nullable_text id, thread_phone, sid, direction, from_number, to_number, body;
  std::string media_urls = "[]";
  nullable_text status, error_code, error_message, num_segments, price, price_unit, contact_id, sent_by;
  nullable_text twilio_created_at, delivered_at, created_at, sort_at;
  long long position = 0;
  bool foreign_to = false;  ///< an inbound text to a number that is not ours (webhook_routes.cpp)
  bool stored = false;   ///< the row is in the table already
  bool changed = false;  ///< the row must be written
};

nullable_text number(std::optional<int> value) {
  return value ? nullable_text(std::to_string(*value)) : std::nullopt;
}

nullable_text optional_text(const std::optional<std::string>& value) { return value ? non_empty(*value) : std::nullopt; }

// A contact id as the column takes it: a uuid, else NULL (projections/event_fields.hpp).
nullable_text contact_uuid(const std::optional<std::string>& value) {
  return value && eventlog::is_uuid(*value) ? nullable_text(*value) : std::nullopt;
}

std::string array_text(const std::vector<std::string>& values) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (auto& v : values) w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
  return buffer.GetString();
}

message_row stored_row(const pqxx::row& r) {
  message_row m;
  m.id = nullable(r[0]);
  m.thread_phone = nullable(r[1]);
  m.sid = nullable(r[2]);
  m.direction = nullable(r[3]);
  m.from_number = nullable(r[4]);
  m.to_number = nullable(r[5]);
  m.body = nullable(r[6]);
  m.media_urls = r[7].c_str();
  m.status = nullable(r[8]);
  m.error_code = nullable(r[9]);
  m.error_message = nullable(r[10]);
  m.num_segments = nullable(r[11]);
  m.price = nullable(r[12]);
  m.price_unit = nullable(r[13]);
  m.contact_id = nullable(r[14]);
  m.sent_by = nullable(r[15]);
  m.twilio_created_at = nullable(r[16]);
  m.delivered_at = nullable(r[17]);
  m.created_at = nullable(r[18]);
  m.sort_at = nullable(r[19]);
  m.position = r[20].as<long long>();
  m.foreign_to = r[21].as<bool>();
  m.stored = true;
  return m;
}

void write_row(recordset_json& out, const message_row& m) {
  out.begin_row();
  out.column("id", m.id);
  out.column("thread_phone", m.thread_phone);
  out.column("sid", m.sid);
  out.column("direction", m.direction);
  out.column("from_number", m.from_number);
  out.column("to_number", m.to_number);
  out.column("body", m.body);
  out.raw_json("media_urls", m.media_urls);
  out.column("status", m.status);
  out.column("error_code", m.error_code);
  out.column("error_message", m.error_message);
  out.column("num_segments", m.num_segments);
  out.column("price", m.price);
  out.column("price_unit", m.price_unit);
  out.column("contact_id", m.contact_id);
  out.column("sent_by", m.sent_by);
  out.column("twilio_created_at", m.twilio_created_at);
  out.column("delivered_at", m.delivered_at);
  out.column("created_at", m.created_at);
  out.column("sort_at", m.sort_at);
  out.column("position", m.position);
  out.column("foreign_to", m.foreign_to);
  out.end_row();
}

copy_row<22> to_copy_row(const message_row& m) {
  return {m.id,         m.thread_phone, m.sid,          m.direction,     m.from_number,       m.to_number,
          m.body,       m.media_urls,   m.status,       m.error_code,    m.error_message,     m.num_segments,
          m.price,      m.price_unit,   m.contact_id,   m.sent_by,       m.twilio_created_at, m.delivered_at,
          m.created_at, m.sort_at,      m.position,     m.foreign_to};
}

const std::vector<std::string> copy_columns = {
    "id",         "thread_phone", "sid",        "direction",  "from_number", "to_number",         "body",
    "media_urls", "status",       "error_code", "error_message", "num_segments", "price",         "price_unit",
    "contact_id", "sent_by",      "twilio_created_at", "delivered_at", "created_at", "sort_at", "position",
    "foreign_to"};

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
    for (auto r : stored) add(stored_row(r));
  }

  void apply(const parsed_event& p) {
    namespace ev = domain::events;
    std::visit(domain::overloaded{
                   [&](const ev::outbound_message_requested& e) {
                     ours(p, e.message_id, e.from, e.to, e.body, array_text(e.media_urls), "queued", e.contact_id,
                          e.sent_by, e.requested_at);
                   },
                   // A TwiML reply went to Twilio with our answer to the webhook; Twilio reports no more of it.
                   [&](const ev::twiml_reply_sent& e) {
                     ours(p, e.message_id, e.from, e.to, e.body, "[]", "accepted", std::nullopt, "auto-reply", e.sent_at);
                   },
                   [&](const ev::inbound_message_received& e) {
                     auto m = theirs(p, e.sid, e.from, e.to, e.body, e.num_segments);
                     if (!m) return;
                     m->direction = "inbound";
                     m->media_urls = array_text(e.media_urls);
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
      if (auto& m = rows_.at(id); m.changed && m.stored) write_row(updates, m);
    copy_rows(tx, [](const message_row& m) { return m.changed && !m.stored; });
  }

private:
  // A text of ours: INSERT ... ON CONFLICT (id) DO NOTHING.
  void ours(const parsed_event& p, const std::string& id, const std::string& from, const std::string& to,
            const std::string& body, std::string media_urls, const char* status, const std::optional<std::string>& contact_id,
            const std::string& sent_by, const std::string& at) {
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
    std::optional<pqxx::stream_to> out;
    for (auto& id : order_) {
      auto& m = rows_.at(id);
      if (!wanted(m)) continue;
      if (!out) out.emplace(tx, "messages_view", copy_columns);
      *out << to_copy_row(m);
    }
    if (out) out->complete();
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
    // uuid of ours, so a row with this id would hold this sid too: the sid index alone answers
    // (probing both unique indexes for every new text was 15 us an event under ingest).
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
