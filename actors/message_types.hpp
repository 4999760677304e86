#pragma once
// Atoms and the types that travel in CAF messages. All are local-only (never serialised), so
// they are declared allowed-unsafe instead of getting inspect() overloads (CAF 0.17).

#include <vector>

#include <caf/all.hpp>

#include "actors/twilio_gateway.hpp"
#include "eventlog/append_request.hpp"
#include "eventlog/event.hpp"

namespace crm::actors {
using append_atom = caf::atom_constant<caf::atom("append")>;
using read_atom = caf::atom_constant<caf::atom("read")>;
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;
using send_atom = caf::atom_constant<caf::atom("send")>;
using fetch_atom = caf::atom_constant<caf::atom("fetch")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using sent_atom = caf::atom_constant<caf::atom("sent")>;
using late_atom = caf::atom_constant<caf::atom("late")>;
/// (idle_check_atom): an entity actor asks itself whether it has been idle long enough (idle_watch.hpp).
using idle_check_atom = caf::atom_constant<caf::atom("idlecheck")>;
using twilio_messages = std::vector<twilio::twilio_message>;
/// (reload_atom, phone): another stream's append touched that thread; no reply.
using reload_atom = caf::atom_constant<caf::atom("reload")>;
using append_batch = std::vector<eventlog::append_request>;
using append_results = std::vector<eventlog::append_result>;
}  // namespace crm::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::eventlog::append_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::eventlog::append_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::append_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::append_results)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::eventlog::event_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::gateway_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::gateway_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::twilio_messages)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::twilio::list_messages_request)
