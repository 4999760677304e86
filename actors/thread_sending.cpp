// Sending: the consent decision, the gateway's attempts and recording Twilio's answer, which
// the waiting request is told.

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "actors/thread_actor_state.hpp"
#include "domain/iso_time.hpp"
#include "domain/quiet_hours.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

void record_outcome(thread_self* self, const std::string& message_id, const gateway_result& result);

void dispatch(thread_self* self, const domain::outbound_message& message, bool look_up_first) {
  // Only a look-up needs the claimed sids; a first send does not copy the thread's every sid. A
  // first send whose answer is lost looks up without them, and record_outcome catches a sid
  // taken twice.
  gateway_job job{message.message_id,
                  message.to,
                  message.body,
                  message.media_urls,
                  message.requested_at,
                  look_up_first,
                  look_up_first ? self->state.thread.known_sids : std::set<std::string>{}};
  auto id = message.message_id;
  self->request(self->state.refs.gateway, 10min, send_atom::value, std::move(job))
      .then([=](const gateway_result& result) { record_outcome(self, id, result); },
            [=](const caf::error& err) {
              // The outcome stays unrecorded; the next start's recovery looks it up in Twilio.
              spdlog::error("gateway lost send {}: {}", id, self->system().render(err));
              if (auto it = self->state.waiting_sends.find(id); it != self->state.waiting_sends.end()) {
                reply_to(it->second, failure(command_error::queued));
                self->state.waiting_sends.erase(it);
              }
            });
}

void record_outcome(thread_self* self, const std::string& message_id, const gateway_result& result) {
  domain::thread_event event;
  auto& m = result.message;
  // A look-up found a text another of ours already holds (two identical texts, both answers
  // lost, looked up at once): look again, past every sid the thread knows by now.
  if (result.result == gateway_result::kind::accepted) {
    auto holder = self->state.thread.outbound_by_sid.find(m.sid);
    auto mine = self->state.thread.outbound.find(message_id);
    if (holder != self->state.thread.outbound_by_sid.end() && holder->second != message_id &&
        mine != self->state.thread.outbound.end())
      return dispatch(self, mine->second, true);
  }
  if (result.result == gateway_result::kind::accepted) {
    auto created = m.date_created_at ? domain::format_iso8601(*m.date_created_at) : "";
    event = domain::twilio_accepted(message_id, m.sid, m.status, m.num_segments, m.price, m.price_unit, created,
                                    now(self));
  } else {
    event = domain::send_failed(message_id, result.error_code, result.error_message, now(self));
  }
  eventlog::append_request request;
  domain::actor_context ctx;
  // Twilio's answer is a fact, not a decision on our state: it goes in whatever the version.
  add_stream_idempotent(request, self->state.stream, eventlog::expected::any, domain::thread_events{event}, ctx,
                        "outcome:" + message_id);
  // Nobody waits on this append but the send's request; the log is the record that matters, so
  // a failure is logged, and the next start's recovery looks the text up in Twilio again.
  auto own = own_stream_index(self, request);
  await_append(
      self, self->state.refs.log.appender, std::move(request),
      [=](const eventlog::append_result& written_at) {
        apply_written(self, domain::thread_events{event}, written_at, own);
        command_reply reply = written(written_at, message_id);
        if (result.result == gateway_result::kind::accepted) {
          reply.body = m.sid;
          // Callbacks that beat this record go back through the mailbox, one command each, so each
          // is decided on the state the one before it left. Applied here in a loop, every append
          // expected the same version and CAF answered the awaited appends last-first: they
          // conflicted, some ran out of attempts, and a text could stay "sent" after "delivered".
          auto early = self->state.early_statuses.find(m.sid);
          if (early != self->state.early_statuses.end()) {
            for (auto& update : early->second) {
              // Anonymous: the command's answer then goes nowhere, where one sent back to this actor
              // as a reply to nothing ended it (unexpected_message).
              caf::anon_send(caf::actor_cast<thread_actor>(self),
                             record_status{self->state.thread.phone, m.sid, update, {}});
            }
            self->state.early_statuses.erase(early);
          }
        } else if (result.result == gateway_result::kind::opted_out) {
          reply = failure(command_error::opted_out_while_queued);
          reply.position = written_at.last_position;
        } else if (result.result == gateway_result::kind::refused) {
          reply = failure(command_error::twilio_refused, "", result.error_message, result.error_code);
          reply.id = message_id;
          reply.position = written_at.last_position;
        } else {
          reply = failure(command_error::twilio_unavailable, "", result.error_message);
          reply.id = message_id;
          reply.position = written_at.last_position;
        }
        answer_waiting_send(self, message_id, reply);
      },
      [=] {
        spdlog::error("thread {}: Twilio's answer to {} conflicted, which an append at any version cannot",
                      self->state.stream, message_id);
      },
      [=](const std::string& detail) {
        spdlog::error("thread {}: Twilio's answer to {} was not recorded: {}", self->state.stream, message_id, detail);
      });
}

}  // namespace

void answer_waiting_send(thread_self* self, const std::string& message_id, command_reply reply) {
  auto it = self->state.waiting_sends.find(message_id);
  if (it == self->state.waiting_sends.end()) return;
  reply_to(it->second, std::move(reply));
  self->state.waiting_sends.erase(it);
}

void decide(thread_self* self, const send_text& cmd, reply_promise promise, int attempt) {
  if (!self->state.refs.gateway) return reply_to(promise, failure(command_error::twilio_not_configured));
  auto location = domain::locate_recipient(cmd.address_state, self->state.thread.phone);
  auto decision = domain::decide_outbound(self->state.thread, cmd.outbound, now(self), location);
  eventlog::append_request request;
  add_stream(request, self->state.stream, self->state.version, decision.events, cmd.ctx);
  append(self, cmd, promise, attempt, std::move(request), decision.events, [=](const eventlog::append_result& result) {
    if (decision.refusal) {
      auto reply = failure(error_of(*decision.refusal));
      reply.position = result.last_position;
      return reply_to(promise, reply);
    }
    auto& id = cmd.outbound.message_id;
    self->state.waiting_sends[id] = promise;
    dispatch(self, self->state.thread.outbound.at(id), false);
    self->delayed_send(self, self->state.refs.reply_within, late_atom::value, id);
  });
}

void decide(thread_self* self, const recover_sends&, reply_promise promise, int) {
  int resumed = 0;
  if (self->state.refs.gateway)
    for (auto& [id, message] : self->state.thread.outbound)
      if (!message.resolved) {
        dispatch(self, message, true);
        ++resumed;
      }
  command_reply reply;
  reply.body = std::to_string(resumed);
  reply_to(promise, reply);
}

}  // namespace crm::actors
