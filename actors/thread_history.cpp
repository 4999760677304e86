// A history sync (Twilio's two lists of this number's texts, then their import), an agent's read
// mark and the resolution of a possible opt-out.

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "actors/thread_actor_state.hpp"
#include "domain/history_lists.hpp"
#include "eventlog/uuid.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

domain::listed_message listed(const twilio::twilio_message& m) {
  return {m.sid,        m.direction == "inbound", m.from,        m.to, m.body, m.status, m.num_segments, m.price,
          m.price_unit, m.date_created_at,        m.date_sent_at};
}

// Ids from Twilio's sids, so a sync that runs twice (or is retried) writes each once: a text by
// its sid, the consent change a keyword text made by that text's sid.
std::string import_event_id(const domain::thread_event& event) {
  return std::visit(
      domain::overloaded{
          [](const domain::events::message_imported& e) { return eventlog::name_uuid("import:" + e.sid); },
          [](const domain::events::consent_granted& e) {
            return eventlog::name_uuid("import-consent:" + e.message_sid.value_or(""));
          },
          [](const domain::events::consent_revoked& e) {
            return eventlog::name_uuid("import-consent:" + e.message_sid.value_or(""));
          },
          [](const auto&) { return eventlog::random_uuid(); },
      },
      event);
}

std::vector<domain::listed_message> listed(const twilio_messages& messages) {
  std::vector<domain::listed_message> out;
  out.reserve(messages.size());
  for (auto& m : messages) out.push_back(listed(m));
  return out;
}

}  // namespace

void decide(thread_self* self, const sync_history& cmd, reply_promise promise, int) {
  if (!self->state.refs.gateway) return reply_to(promise, failure(command_error::twilio_not_configured));
  twilio::list_messages_request sent, received;
  sent.to = cmd.phone;
  received.from = cmd.phone;
  if (!self->state.refs.from_number.empty()) {
    sent.from = self->state.refs.from_number;
    received.to = self->state.refs.from_number;
  }
  sent.page_size = received.page_size = std::min(cmd.limit, 50);
  auto list_failed = [promise](const caf::error&) { reply_to(promise, failure(command_error::twilio_list_failed)); };
  // Not awaited: other commands go on while Twilio lists, and the import is decided on the
  // state as it is when both lists are in.
  auto gateway = self->state.refs.gateway;
  self->request(gateway, 60s, list_atom::value, sent, cmd.limit)
      .then(
          [=](const twilio_messages& outbound) {
            self->request(gateway, 60s, list_atom::value, received, cmd.limit)
                .then(
                    [=](const twilio_messages& inbound) {
                      auto messages = domain::newest_first(listed(outbound), listed(inbound),
                                                           static_cast<size_t>(cmd.limit));
                      decide(self, import_history{std::move(messages), cmd.ctx}, promise, 0);
                    },
                    list_failed);
          },
          list_failed);
}

void decide(thread_self* self, const import_history& cmd, reply_promise promise, int attempt) {
  auto decision = domain::decide_history_import(self->state.thread, cmd.messages);
  auto counts = "{\"imported\":" + std::to_string(decision.imported) +
                ",\"skipped\":" + std::to_string(decision.skipped) + "}";
  if (decision.events.empty()) {
    command_reply reply;
    reply.body = counts;
    return reply_to(promise, reply);
  }
  eventlog::append_request request;
  add_stream(request, self->state.stream, self->state.version, decision.events, cmd.ctx);
  auto& appended = request.streams.back().events;
  for (size_t i = 0; i < appended.size(); ++i) appended[i].event_id = import_event_id(decision.events[i]);
  append(self, cmd, promise, attempt, std::move(request), decision.events, [=](const eventlog::append_result& result) {
    auto reply = written(result, "");
    reply.body = counts;
    reply_to(promise, reply);
  });
}

void decide(thread_self* self, const mark_read& cmd, reply_promise promise, int attempt) {
  domain::thread_events events{domain::decide_mark_read(self->state.thread, cmd.ctx.user_id, now(self))};
  eventlog::append_request request;
  add_stream(request, self->state.stream, self->state.version, events, cmd.ctx);
  append(self, cmd, promise, attempt, std::move(request), events,
         [=](const eventlog::append_result& result) { reply_to(promise, written(result, "")); });
}

void decide(thread_self* self, const resolve_possible_opt_out& cmd, reply_promise promise, int attempt) {
  auto decision = domain::decide_possible_opt_out_resolution(self->state.thread, cmd.resolution, cmd.reason, cmd.ctx,
                                                             now(self));
  if (!decision.ok()) {
    if (*decision.error == domain::resolution_error::no_possible_opt_out)
      return reply_to(promise, failure(command_error::no_possible_opt_out));
    return reply_to(promise, failure(command_error::reason_required, "reason"));
  }
  eventlog::append_request request;
  add_stream(request, self->state.stream, self->state.version, decision.events, cmd.ctx);
  append(self, cmd, promise, attempt, std::move(request), decision.events,
         [=](const eventlog::append_result& result) { reply_to(promise, written(result, "")); });
}

}  // namespace crm::actors
