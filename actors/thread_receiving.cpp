// Receiving: an inbound text (its keywords, consent and answers) and Twilio's status callbacks,
// which can arrive before our own record that Twilio took the text.

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "actors/thread_actor_state.hpp"

namespace crm::actors {

void inbound(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  auto decision = domain::decide_inbound(self->state.thread, cmd.inbound, *self->state.refs.replies, now(self));
  if (self->state.thread.known_sids.count(cmd.inbound.sid)) {  // Twilio retried: same answer, nothing new
    command_reply reply;
    reply.id = cmd.inbound.sid;
    reply.replies = std::move(decision.replies);
    return reply_to(promise, reply);
  }
  eventlog::append_request request;
  add_stream_idempotent(request, self->state.stream, self->state.version, decision.events, cmd.ctx, "inbound:" + cmd.inbound.sid);
  auto sid = cmd.inbound.sid;
  auto replies = std::move(decision.replies);
  append(self, std::move(cmd), promise, attempt, std::move(request), std::move(decision.events),
         [=](const eventlog::append_result& result) {
           auto reply = written(result, sid);
           reply.replies = replies;
           reply_to(promise, reply);
         });
}

void apply_status(thread_self* self, const std::string& sid, const domain::status_update& update,
                  caf::response_promise promise) {
  auto& thread = self->state.thread;
  if (!thread.outbound_by_sid.count(sid)) {
    // The callback can beat our own record of Twilio's acceptance: keep it for that moment.
    bool pending = std::any_of(thread.outbound.begin(), thread.outbound.end(), [](auto& m) { return !m.second.resolved; });
    if (pending) self->state.early_statuses[sid].push_back(update);
    return reply_to(promise, command_reply{});
  }
  auto event = domain::decide_status(thread, sid, update, now(self));
  if (!event) return reply_to(promise, command_reply{});  // nothing changes: a repeat or a late, lesser status
  eventlog::append_request request;
  domain::actor_context ctx;
  auto seed = "status:" + sid + ":" + update.status + ":" + (update.error_code ? std::to_string(*update.error_code) : "");
  add_stream_idempotent(request, self->state.stream, self->state.version, domain::thread_events{*event}, ctx, seed);
  thread_command cmd;
  cmd.what = thread_command::kind::status;
  cmd.sid = sid;
  cmd.status_update = update;
  append(self, cmd, promise, 0, std::move(request), domain::thread_events{*event},
         [=](const eventlog::append_result& result) { reply_to(promise, written(result, sid)); });
}

}  // namespace crm::actors
