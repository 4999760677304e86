// A batch is folded in memory and written with a handful of statements, whatever its size:
// one read of the rows it needs (contacts it updates or deletes, holders of the numbers whose
// consent changes), the events applied in log order to those rows, then one DELETE and one
// multi-row upsert, each also moving contact_counts and contact_phone_suffixes. The rows are the ones applying the
// events one at a time would leave: consent lands on the contact holding the number at that event, an update evolves
// the document as the domain does, a re-created row gets its new created_at.

#include "projections/contacts_projection.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/contact.hpp"
#include "domain/contact_document.hpp"
#include "domain/contact_events.hpp"
#include "domain/thread_events.hpp"
#include "eventlog/uuid.hpp"
#include "projections/event_fields.hpp"
#include "projections/recordset_json.hpp"

namespace crm::projections {
namespace {

using rapidjson::Document;
using rapidjson::Value;
using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

// ARRAY(...) so that both conditions are index conditions (a bitmap OR of the two indexes).
constexpr const char* select_batch_rows =
    "SELECT id::text, phone, doc::text FROM contacts_view "
    "WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)::uuid)) "
    "OR phone = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))";

// Appended to a statement whose CTE `changes` yields (tags, status, sms_opt_in, n) for every row
// it removed (n = -1) or wrote (its old columns -1, its new ones +1).
constexpr const char* count_changes =
    ", keyed AS (SELECT '' AS tag, status, sms_opt_in, n FROM changes "
    "UNION ALL SELECT t.tag, c.status, c.sms_opt_in, c.n FROM changes c, "
    "LATERAL (SELECT DISTINCT u AS tag FROM unnest(c.tags) u WHERE u <> '') t) "
    "INSERT INTO contact_counts (tag, status, sms_opt_in, contacts) "
    "SELECT tag, status, sms_opt_in, sum(n) FROM keyed GROUP BY tag, status, sms_opt_in HAVING sum(n) <> 0 "
    "ON CONFLICT (tag, status, sms_opt_in) DO UPDATE SET contacts = contact_counts.contacts + EXCLUDED.contacts";

// The suffixes of the numbers in CTE `unlinked` (id, digits) leave contact_phone_suffixes.
constexpr const char* remove_suffixes =
    ", unsuffixed AS (DELETE FROM contact_phone_suffixes s USING "
    "(SELECT u.id, x.suffix FROM unlinked u, contact_phone_suffixes_of(u.digits) AS x(suffix)) o "
    "WHERE s.suffix = o.suffix AND s.contact_id = o.id)";

const std::string delete_contacts = std::string(
                                        "WITH gone AS (DELETE FROM contacts_view "
                                        "WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)::uuid)) "
                                        "RETURNING id, phone_digits, tags, status, sms_opt_in), "
                                        "unlinked AS (SELECT id, phone_digits AS digits FROM gone)") +
                                    remove_suffixes +
                                    ", changes AS (SELECT tags, status, sms_opt_in, -1 AS n FROM gone)" + count_changes;

// `before` reads the rows as they were when the statement started (every part of a statement
// shares one snapshot), `written` as the upsert left them. An existing row keeps its created_at.
// A number's suffixes change only with the number (or a new row).
const std::string upsert_contacts =
    std::string(
        "WITH incoming AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, first_name text, "
        "last_name text, email text, phone text, status text, tags jsonb, sms_opt_in boolean, doc jsonb, "
        "created_at timestamptz, updated_at timestamptz)), "
        "before AS (SELECT c.id, c.phone_digits, c.tags, c.status, c.sms_opt_in FROM contacts_view c "
        "WHERE c.id IN (SELECT id FROM incoming)), "
        "written AS (INSERT INTO contacts_view (id, first_name, last_name, email, phone, status, tags, "
        "sms_opt_in, doc, created_at, updated_at) "
        "SELECT id, first_name, last_name, email, phone, status, ARRAY(SELECT jsonb_array_elements_text(tags)), "
        "sms_opt_in, doc, created_at, updated_at FROM incoming "
        "ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, "
        "email = EXCLUDED.email, phone = EXCLUDED.phone, status = EXCLUDED.status, tags = EXCLUDED.tags, "
        "sms_opt_in = EXCLUDED.sms_opt_in, doc = EXCLUDED.doc, updated_at = EXCLUDED.updated_at "
        "RETURNING id, phone_digits, created_at, tags, status, sms_opt_in), "
        "moved AS (SELECT w.id, w.phone_digits AS digits, w.created_at, b.phone_digits AS old_digits "
        "FROM written w LEFT JOIN before b ON b.id = w.id "
        "WHERE b.id IS NULL OR b.phone_digits <> w.phone_digits), "
        "unlinked AS (SELECT id, old_digits AS digits FROM moved WHERE old_digits IS NOT NULL)") +
    remove_suffixes +
    ", suffixed AS (INSERT INTO contact_phone_suffixes (suffix, contact_id, created_at) "
    "SELECT x.suffix, m.id, m.created_at FROM moved m, contact_phone_suffixes_of(m.digits) AS x(suffix)), "
    "changes AS (SELECT tags, status, sms_opt_in, -1 AS n FROM before "
    "UNION ALL SELECT tags, status, sms_opt_in, 1 FROM written)" +
    count_changes;

// Text columns of a row and the document fields they come from.
constexpr std::pair<const char*, const char*> text_columns[] = {
    {"first_name", "firstName"}, {"last_name", "lastName"}, {"email", "email"},
    {"phone", "phone"},          {"status", "status"},      {"updated_at", "updatedAt"}};

constexpr const char* delete_empty_counts = "DELETE FROM contact_counts WHERE contacts = 0";

std::string to_text(const Value& v) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  v.Accept(w);
  return buffer.GetString();
}

Document parse(const std::string& json) {
  Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError() || !d.IsObject()) d.SetObject();
  return d;
}

// Row ids are keys of the fold, so they take PostgreSQL's spelling of a uuid (lower case); a
// text that is no uuid names no row.
std::string row_id(const std::string& text) {
  if (!eventlog::is_uuid(text)) return "";
  std::string id = text;
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
  return id;
}

// The rows one batch touches, as they evolve event by event.
class batch_fold {
public:
  /// A row as the table holds it before the batch.
  void load(const std::string& id, const std::string& phone, std::string doc) {
    auto& row = rows_[id];
    row.doc = std::move(doc);
    row.phone = phone;
    holders_[phone].insert(id);
  }

  /// Applies a ContactCreated; returns the row's id (empty when it has none).
  std::string create(const domain::events::contact_created& created) {
    Document doc = parse(domain::created_contact_document(created));
    auto id = row_id(string_member(doc, "_id"));
    if (id.empty()) return id;
    auto& row = rows_[id];
    // An upsert over a live row keeps that row's created_at.
    if (row.doc.empty()) row.created_at = string_member(doc, "createdAt");
    write(id, row, doc);
    return id;
  }

  void update(const domain::events::contact_updated& updated) {
    auto id = row_id(updated.contact_id);
    auto it = rows_.find(id);
    if (it == rows_.end() || it->second.doc.empty()) return;
    // The domain's own evolve merges the changes, so the read model and the actor agree.
    domain::contact_state state;
    state.document = it->second.doc;
    domain::evolve(state, updated);
    write(id, it->second, parse(state.document));
  }

  void remove(const std::string& id) {
    auto it = rows_.find(id);
    if (it == rows_.end() || it->second.doc.empty()) return;
    holders_[it->second.phone].erase(id);
    it->second.doc.clear();
    deleted_.insert(id);
  }

  /// A grant or revocation, shown on the live contact holding its number.
  template <class ConsentEvent>
  void consent(const ConsentEvent& change) {
    auto holders = holders_.find(change.phone);
    if (holders == holders_.end() || holders->second.empty()) return;
    auto id = *holders->second.begin();
    auto& row = rows_[id];
    write(id, row, parse(domain::document_with_consent(row.doc, change)));
  }

  /// The document of row `id`, empty when it has none.
  std::string document(const std::string& id) const {
    auto it = rows_.find(id);
    return it == rows_.end() ? "" : it->second.doc;
  }

  /// Ids to delete first: rows the batch removed (some may be created again after).
  const std::set<std::string>& deleted() const { return deleted_; }

  /// The rows to upsert, as jsonb_to_recordset input; "[]" when none.
  std::string upserts() const {
    rapidjson::StringBuffer buffer;
    json_writer w(buffer);
    w.StartArray();
    for (auto& id : written_order_) {
      auto& row = rows_.at(id);
      if (row.doc.empty()) continue;
      Document doc = parse(row.doc);
      bool sms_opt_in = false;
      if (auto p = doc.FindMember("preferences"); p != doc.MemberEnd() && p->value.IsObject())
        if (auto s = p->value.FindMember("smsOptIn"); s != p->value.MemberEnd() && s->value.IsBool())
          sms_opt_in = s->value.GetBool();
      w.StartObject();
      w.Key("id");
      w.String(id.c_str());
      for (auto& [column, field] : text_columns) {
        w.Key(column);
        w.String(string_member(doc, field).c_str());
      }
      w.Key("created_at");
      w.String(row.created_at.c_str());
      w.Key("sms_opt_in");
      w.Bool(sms_opt_in);
      w.Key("tags");
      if (auto t = doc.FindMember("tags"); t != doc.MemberEnd() && t->value.IsArray()) t->value.Accept(w);
      else {
        w.StartArray();
        w.EndArray();
      }
      w.Key("doc");
      doc.Accept(w);
      w.EndObject();
    }
    w.EndArray();
    return buffer.GetString();
  }

private:
  struct row_state {
    std::string doc;         ///< the document; empty while the contact has no row
    std::string phone;       ///< the phone column, where consent finds its contact
    std::string created_at;  ///< what inserting the row writes; an existing row keeps its own
    bool written = false;
  };

  void write(const std::string& id, row_state& row, const Document& doc) {
    if (!row.doc.empty()) holders_[row.phone].erase(id);
    row.phone = string_member(doc, "phone");
    holders_[row.phone].insert(id);
    if (row.created_at.empty()) row.created_at = string_member(doc, "createdAt");
    row.doc = to_text(doc);
    if (!row.written) written_order_.push_back(id);
    row.written = true;
  }

  std::unordered_map<std::string, row_state> rows_;
  std::unordered_map<std::string, std::set<std::string>> holders_;  ///< phone -> live rows with it
  std::set<std::string> deleted_;
  std::vector<std::string> written_order_;
};

// The events that change contacts_view: a contact stream's, and its number's consent.
using contact_view_event =
    std::variant<domain::events::contact_created, domain::events::contact_updated, domain::events::contact_deleted,
                 domain::events::consent_granted, domain::events::consent_revoked>;

void fold_event(batch_fold& fold, const contact_view_event& event) {
  namespace ev = domain::events;
  std::visit(domain::overloaded{
                 [&](const ev::contact_created& e) { fold.create(e); },
                 [&](const ev::contact_updated& e) { fold.update(e); },
                 [&](const ev::contact_deleted& e) { fold.remove(row_id(e.contact_id)); },
                 [&](const ev::consent_granted& e) { fold.consent(e); },
                 [&](const ev::consent_revoked& e) { fold.consent(e); },
             },
             event);
}

}  // namespace

void contacts_projection::apply_batch(pqxx::work& tx, const eventlog::event_list& events) {
  namespace ev = domain::events;
  std::vector<contact_view_event> relevant;
  std::set<std::string> ids, phones;
  for (auto& e : events) {
    auto event = domain::decode<contact_view_event>(e.type, e.data, e.position);
    if (!event) continue;
    std::visit(domain::overloaded{
                   [&](const ev::contact_created&) {},
                   [&](const ev::contact_updated& u) { ids.insert(row_id(u.contact_id)); },
                   [&](const ev::contact_deleted& d) { ids.insert(row_id(d.contact_id)); },
                   [&](const auto& consent) { phones.insert(consent.phone); },
               },
               *event);
    relevant.push_back(std::move(*event));
  }
  if (relevant.empty()) return;
  ids.erase("");

  batch_fold fold;
  if (!ids.empty() || !phones.empty())
    for (auto row : tx.exec_params(select_batch_rows, json_text_array(ids), json_text_array(phones)))
      fold.load(row[0].c_str(), row[1].c_str(), row[2].c_str());
  for (auto& event : relevant) fold_event(fold, event);

  if (!fold.deleted().empty()) tx.exec_params0(delete_contacts, json_text_array(fold.deleted()));
  auto upserts = fold.upserts();
  if (upserts != "[]") tx.exec_params0(upsert_contacts, upserts);
  if (!fold.deleted().empty() || upserts != "[]") tx.exec0(delete_empty_counts);
}

}  // namespace crm::projections
