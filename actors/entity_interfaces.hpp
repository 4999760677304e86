#pragma once
// The typed interfaces of the entity actors and of the directory in front of them: which
// commands each accepts, each answered with a command_reply. A command sent to an actor that
// does not take it does not compile.

#include <string>

#include <caf/all.hpp>

#include "actors/contact_commands.hpp"
#include "actors/message_types.hpp"
#include "actors/thread_commands.hpp"

namespace crm::actors {

/// A list of command types: the one place each entity's commands are named. The interfaces
/// below, the actors' handlers, the directory's and the HTTP bridge's are all made from it.
template <class... Commands>
struct command_list {
  /// The typed actor that answers each of the commands with a command_reply.
  using interface = caf::typed_actor<typename caf::replies_to<Commands>::template with<command_reply>...>;
  template <class... More>
  using and_then = command_list<Commands..., More...>;
};

/// What HTTP and the contact actors may ask a number's thread.
using thread_commands = command_list<create_contact, change_contact, send_text, receive_text, record_status,
                                     refresh_status, mark_read, sync_history, recover_sends, resolve_possible_opt_out>;

/// What may be asked of a contact's actor.
using contact_commands = command_list<update_contact, remove_contact>;

/// Every command the directory takes: both of the above.
using entity_commands = thread_commands::and_then<update_contact, remove_contact>;

using thread_command_interface = thread_commands::interface;
using contact_command_interface = contact_commands::interface;

/// A number's thread actor: its commands, and the messages of its own housekeeping.
using thread_actor = thread_command_interface::extend<
    caf::reacts_to<late_atom, std::string>,    ///< a send's answer is overdue: tell the request it is queued
    caf::reacts_to<reload_atom, std::string>,  ///< another stream's append touched this thread
    caf::reacts_to<stop_atom>, caf::reacts_to<idle_check_atom>>;

/// A contact's actor.
using contact_actor = contact_command_interface::extend<caf::reacts_to<stop_atom>, caf::reacts_to<idle_check_atom>>;

/// The directory takes every entity command and delegates it to the actor of its stream.
using directory_actor = entity_commands::interface::extend<
    caf::reacts_to<reload_atom, std::string>,                  ///< (reload, phone): tell that thread's live actor
    caf::reacts_to<passivate_atom, std::string, caf::actor>>;  ///< (passivate, stream, actor): an idle actor leaves

}  // namespace crm::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::create_contact)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::change_contact)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::send_text)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::receive_text)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::record_status)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::refresh_status)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::mark_read)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::sync_history)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::recover_sends)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::resolve_possible_opt_out)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::update_contact)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::remove_contact)
