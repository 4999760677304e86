// Receiving: an inbound text (its keywords, consent and answers) and Twilio's status callbacks,
// which can arrive before our own record that Twilio took the text.

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "actors/thread_actor_state.hpp"

namespace crm::actors {

using namespace std::chrono_literals;

void decide(thread_self* self, const receive_text& cmd, reply_promise promise, int attempt) {
  auto decision = domain::decide_inbound(self->state.thread, cmd.text, *self->state.refs.replies, now(self));
  if (self->state.thread.known_sids.count(cmd.text.sid)) {  // Twilio retried: same answer, nothing new
    command_reply reply;
    reply.id = cmd.text.sid;
    reply.replies = std::move(decision.replies);
    return reply_to(promise, reply);
  }
  eventlog::append_request request;
  add_stream_idempotent(request, self->state.stream, self->state.version, decision.events, cmd.ctx,
                        "inbound:" + cmd.text.sid);
  auto sid = cmd.text.sid;
  auto replies = std::move(decision.replies);
  append(self, cmd, promise, attempt, std::move(request), std::move(decision.events),
         [=](const eventlog::append_result& result) {
           auto reply = written(result, sid);
           reply.replies = replies;
           reply_to(promise, reply);
         });
}

void decide(thread_self* self, const record_status& cmd, reply_promise promise, int attempt) {
  auto& thread = self->state.thread;
  auto& sid = cmd.sid;
  if (!thread.outbound_by_sid.count(sid)) {
    // The callback can beat our own record of Twilio's acceptance: keep it for that moment.
    bool pending = std::any_of(thread.outbound.begin(), thread.outbound.end(),
                               [](auto& m) { return !m.second.resolved; });
    if (pending) self->state.early_statuses[sid].push_back(cmd.update);
    return reply_to(promise, command_reply{});
  }
  auto event = domain::decide_status(thread, sid, cmd.update, now(self));
  if (!event) return reply_to(promise, command_reply{});  // nothing changes: a repeat or a late, lesser status
  eventlog::append_request request;
  domain::actor_context ctx;
  auto seed = "status:" + sid + ":" + cmd.update.status + ":" +
              (cmd.update.error_code ? std::to_string(*cmd.update.error_code) : "");
  add_stream_idempotent(request, self->state.stream, self->state.version, domain::thread_events{*event}, ctx, seed);
  append(self, cmd, promise, attempt, std::move(request), domain::thread_events{*event},
         [=](const eventlog::append_result& result) { reply_to(promise, written(result, cmd.sid)); });
}

void decide(thread_self* self, const refresh_status& cmd, reply_promise promise, int) {
  if (!self->state.refs.gateway) return reply_to(promise, failure(command_error::twilio_not_configured));
  // Not awaited: other commands go on while Twilio answers, and the status is decided on the
  // state as it is when the answer comes.
  self->request(self->state.refs.gateway, 30s, fetch_atom::value, cmd.sid)
      .then(
          [=](const gateway_result& fetched) {
            if (fetched.result != gateway_result::kind::accepted)
              return reply_to(promise, failure(command_error::twilio_lookup_failed, "", fetched.error_message));
            auto& m = fetched.message;
            decide(self, record_status{cmd.phone, cmd.sid, {m.status, m.error_code, m.error_message}, {}}, promise, 0);
          },
          [=](const caf::error&) { reply_to(promise, failure(command_error::twilio_timeout)); });
}

}  // namespace crm::actors
