#include "tools/crmctl/import/contact_importer.hpp"

#include <chrono>

#include "actors/persist.hpp"
#include "domain/contact_import.hpp"
#include "domain/iso_time.hpp"
#include "domain/thread_state.hpp"
#include "eventlog/uuid.hpp"

namespace crm::cli {
namespace {

// As many tries as the thread actor gives a command before answering "changed meanwhile".
constexpr int max_attempts = 4;

constexpr const char* duplicate_message = "Contact with this phone number already exists";

}  // namespace

import_log log_of(eventlog::event_store& store) {
  return {[&store](const std::string& stream, std::int64_t after) { return store.read_stream(stream, after); },
          [&store](const eventlog::append_request& request) { return store.append(request); }};
}

contact_importer::contact_importer(import_log log, import_settings settings)
    : log_(std::move(log)), settings_(std::move(settings)) {}

row_outcome contact_importer::import(const csv_record& record, int row) {
  row_outcome outcome;
  outcome.row = row;
  outcome.line = record.line;
  auto prepared = prepare_contact(record, settings_.columns, settings_.default_region,
                                  std::chrono::system_clock::now());
  if (auto* rejection = std::get_if<row_rejection>(&prepared)) {
    outcome.field = rejection->field;
    outcome.code = rejection->code;
    outcome.message = rejection->message;
    return outcome;
  }
  auto& contact = std::get<prepared_contact>(prepared);
  outcome.phone = *contact.fields.phone;
  outcome.name = contact.name;
  if (auto earlier = taken_in_file_.find(outcome.phone); earlier != taken_in_file_.end()) {
    outcome.result = row_outcome::kind::skipped;
    outcome.code = "duplicate_phone";
    outcome.message = duplicate_message;
    outcome.contact_id = earlier->second.contact_id;
    outcome.duplicate_of_row = earlier->second.row;
    return outcome;
  }
  return create(std::move(contact), std::move(outcome));
}

row_outcome contact_importer::create(prepared_contact contact, row_outcome outcome) {
  const auto thread = actors::thread_stream(outcome.phone);
  domain::thread_state state;
  state.phone = outcome.phone;
  std::int64_t version = 0;
  for (int attempt = 0; attempt < max_attempts; ++attempt) {
    // After a conflict only what was appended since is read.
    for (auto& e : log_.read_stream(thread, version)) {
      if (auto event = domain::decode_thread_event(e.type, e.data, e.position)) domain::evolve(state, *event);
      version = e.version;
    }
    if (!state.linked_contact_id.empty()) {
      outcome.result = row_outcome::kind::skipped;
      outcome.code = "duplicate_phone";
      outcome.message = duplicate_message;
      outcome.contact_id = state.linked_contact_id;
      return outcome;
    }
    if (settings_.dry_run) {
      outcome.result = row_outcome::kind::created;
      outcome.consent_granted = contact.consent.has_value();
      taken_in_file_[outcome.phone] = outcome;
      return outcome;
    }
    domain::actor_context ctx;
    ctx.request_id = settings_.import_id;
    ctx.now = domain::format_iso8601(std::chrono::system_clock::now());
    auto id = eventlog::random_uuid();
    auto decision = domain::decide_import(id, contact.fields, contact.consent,
                                          {settings_.file, settings_.file_sha256, outcome.row}, ctx);
    eventlog::append_request request;
    // The contact's events first, so projections see the contact before its consent (as the thread actor appends them).
    actors::add_stream(request, actors::contact_stream(id), eventlog::expected::no_stream, decision.contact_events,
                       ctx);
    actors::add_stream(request, thread, version, decision.thread_events, ctx);
    auto result = log_.append(request);
    if (result.status == eventlog::append_status::conflict) continue;
    if (result.status != eventlog::append_status::ok) throw import_failure(result.message);
    outcome.result = row_outcome::kind::created;
    outcome.contact_id = id;
    outcome.consent_granted = contact.consent.has_value();
    taken_in_file_[outcome.phone] = outcome;
    return outcome;
  }
  outcome.code = "concurrent_change";
  outcome.message = "The number changed meanwhile " + std::to_string(max_attempts) + " times; import the file again";
  return outcome;
}

}  // namespace crm::cli
