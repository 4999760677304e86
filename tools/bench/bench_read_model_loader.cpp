#include "tools/bench/bench_read_model_loader.hpp"

#include <chrono>
#include <stdexcept>

#include <pqxx/pqxx>

#include "domain/json_object.hpp"
#include "eventlog/uuid.hpp"
#include "tools/bench/bench_contact_generator.hpp"

namespace crm::cli {
namespace {

constexpr const char* select_any_rows =
    "SELECT EXISTS (SELECT 1 FROM contacts_view) OR EXISTS (SELECT 1 FROM conversations_view) "
    "OR EXISTS (SELECT 1 FROM messages_view)";

// The plan travels as one JSON array: libpqxx 6 has no conversion to SQL arrays or rows.
constexpr const char* create_plan_table =
    "CREATE TEMP TABLE bench_plan ON COMMIT DROP AS SELECT * FROM jsonb_to_recordset($1::jsonb) "
    "AS p(idx bigint, phone text, contact_id uuid, contact jsonb, last_at_ms bigint, messages int, first_position "
    "bigint)";

// As contacts_projection.cpp writes a ContactCreated: the API's body over the defaults, and
// search_text = lower(first last email) || ' ' || the phone's digits.
constexpr const char* insert_contacts =
    "INSERT INTO contacts_view (id, first_name, last_name, email, phone, status, tags, sms_opt_in, search_text, doc, "
    "created_at, updated_at) "
    "SELECT p.contact_id, c ->> 'firstName', c ->> 'lastName', coalesce(c ->> 'email', ''), p.phone, c ->> 'status', "
    "ARRAY(SELECT jsonb_array_elements_text(c -> 'tags')), coalesce((c -> 'preferences' ->> 'smsOptIn')::boolean, "
    "false), "
    "lower((c ->> 'firstName') || ' ' || (c ->> 'lastName') || ' ' || coalesce(c ->> 'email', '')) || ' ' || "
    "regexp_replace(p.phone, '\\D', '', 'g'), "
    "$1::jsonb || c || jsonb_build_object('_id', p.contact_id, 'createdAt', crm_iso(t0), 'updatedAt', crm_iso(t0), "
    "'preferences', ($1::jsonb -> 'preferences') || coalesce(c -> 'preferences', '{}')), t0, t0 "
    "FROM bench_plan p, LATERAL (SELECT p.contact AS c, "
    "to_timestamp((p.last_at_ms - p.messages * 5400000::bigint - 3600000) / 1000.0) AS t0) x WHERE p.contact IS NOT "
    "NULL";

constexpr const char* contact_defaults =
    R"({"email":"","address":{},"source":"","status":"new","tags":[],"interests":{},)"
    R"("preferences":{"smsOptIn":false,"emailOptIn":false,"callOptIn":false},)"
    R"("consent":{"marketingConsent":false,"tcpaConsent":false,"consentDate":null,"consentIp":null},)"
    R"("notes":"","lastContactDate":null,"lastContactMethod":null,"assignedAgent":null})";

// As messages_projection.cpp leaves them: inbound texts received, outbound ones accepted by
// Twilio (sid, segments, Twilio's time) and delivered; about 90 minutes apart, newest at last_at.
constexpr const char* insert_messages =
    "INSERT INTO messages_view (id, thread_phone, sid, direction, from_number, to_number, body, media_urls, status, "
    "num_segments, contact_id, sent_by, twilio_created_at, delivered_at, created_at, sort_at, position) "
    "SELECT CASE WHEN g.inbound THEN g.sid ELSE md5('out-' || p.idx || '-' || m)::uuid::text END, p.phone, g.sid, "
    "CASE WHEN g.inbound THEN 'inbound' ELSE 'outbound' END, "
    "CASE WHEN g.inbound THEN p.phone ELSE $1 END, CASE WHEN g.inbound THEN $1 ELSE p.phone END, "
    "CASE WHEN g.inbound THEN i.texts[1 + g.h / 2 % 10] ELSE o.texts[1 + g.h / 2 % 10] END, '[]', "
    "CASE WHEN g.inbound THEN 'received' ELSE 'delivered' END, 1, p.contact_id, "
    "CASE WHEN g.inbound THEN NULL ELSE 'agent@example.com' END, "
    "CASE WHEN g.inbound THEN NULL ELSE g.at + interval '300 milliseconds' END, "
    "CASE WHEN g.inbound THEN NULL ELSE g.at + interval '4 seconds' END, g.at, g.at, p.first_position + m "
    "FROM bench_plan p CROSS JOIN (SELECT ARRAY(SELECT jsonb_array_elements_text($2::jsonb)) AS texts) i "
    "CROSS JOIN (SELECT ARRAY(SELECT jsonb_array_elements_text($3::jsonb)) AS texts) o, "
    "generate_series(0, p.messages - 1) m, "
    "LATERAL (SELECT h, h % 2 = 0 AS inbound, 'SM' || md5('sid-' || p.idx || '-' || m) AS sid, "
    "         to_timestamp((p.last_at_ms - (p.messages - 1 - m) * 5400000::bigint + h % 600000) / 1000.0) AS at "
    "         FROM (SELECT hashint8(p.idx * 1000003 + m)::bigint & 2147483647 AS h) hh) g";

// As conversations_projection.cpp leaves them: the newest text as the preview, every text
// counted, an unread mark on threads whose last word was the customer's, consent from the form.
constexpr const char* insert_conversations =
    "INSERT INTO conversations_view (phone, contact_id, last_message_id, last_body, last_direction, last_status, "
    "last_at, unread_count, message_count, opt_in_status, position) "
    "SELECT p.phone, p.contact_id, l.id, l.body, l.direction, l.status, l.sort_at, "
    "CASE WHEN l.direction = 'inbound' THEN 1 ELSE 0 END, p.messages, "
    "CASE WHEN (p.contact -> 'preferences' ->> 'smsOptIn')::boolean THEN 'opted_in' ELSE 'none' END, l.position "
    "FROM bench_plan p, LATERAL (SELECT id, body, direction, status, sort_at, position FROM messages_view m "
    "WHERE m.thread_phone = p.phone ORDER BY sort_at DESC, position DESC LIMIT 1) l";

constexpr const char* insert_conversation_phones =
    "INSERT INTO conversation_phones (phone) SELECT phone FROM bench_plan";

/// `["a","b"]`: json_object writes members only, so the array is cut out of {"texts":[...]}.
std::string json_array(const std::vector<std::string>& texts) {
  auto text = domain::json_object().add("texts", texts).text();
  return text.substr(9, text.size() - 10);
}

std::string plan_json(const std::vector<thread_plan>& plans) {
  std::string out = "[";
  long long position = 1;
  for (auto& p : plans) {
    domain::json_object row;
    row.add("idx", static_cast<long long>(p.index))
        .add("phone", bench_contact_phone(p.index))
        .add("last_at_ms", static_cast<long long>(p.last_at_ms))
        .add("messages", static_cast<long long>(p.messages))
        .add("first_position", position);
    auto text = row.text();
    if (p.has_contact) {
      text.pop_back();
      text += ",\"contact_id\":\"" + eventlog::random_uuid() + "\",\"contact\":" + bench_contact_json(p.index) + "}";
    }
    out += (out.size() > 1 ? "," : "") + text;
    position += p.messages;
  }
  return out + "]";
}

}  // namespace

read_model_load load_read_models(const std::string& database_url, const std::vector<thread_plan>& plans) {
  auto start = std::chrono::steady_clock::now();
  pqxx::connection connection(database_url);
  read_model_load load;
  {
    pqxx::work tx(connection);
    if (tx.exec1(select_any_rows)[0].as<bool>())
      throw std::runtime_error("the read models already hold rows: --load read-models needs a fresh database");
    tx.exec_params0(create_plan_table, plan_json(plans));
    load.contacts = tx.exec_params0(insert_contacts, contact_defaults).affected_rows();
    load.messages = tx.exec_params0(insert_messages, bench_our_number, json_array(bench_texts(true)),
                                    json_array(bench_texts(false)))
                        .affected_rows();
    load.conversations = tx.exec0(insert_conversations).affected_rows();
    tx.exec0(insert_conversation_phones);
    tx.commit();
  }
  pqxx::nontransaction vacuum(connection);
  vacuum.exec0("VACUUM ANALYZE contacts_view, conversations_view, conversation_phones, messages_view");
  load.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return load;
}

}  // namespace crm::cli
