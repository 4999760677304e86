#pragma once
// The messaging reads live in queries/, one file per endpoint. This header keeps the names the
// HTTP routes were written against compiling until they include queries/ themselves; new code
// includes queries/ directly.

#include "queries/changes.hpp"
#include "queries/consent_history.hpp"
#include "queries/contact_state.hpp"
#include "queries/conversations_list.hpp"
#include "queries/message.hpp"
#include "queries/messages_list.hpp"
#include "queries/thread_of_sid.hpp"
#include "queries/unresolved_sends.hpp"

namespace crm::projections {

using queries::changes_after_members;
using queries::consent_history_members;
using queries::contact_state_of;
using queries::find_message;
using queries::list_conversations_members;
using queries::list_messages_members;
using queries::message_filter;
using queries::thread_of_sid;
using queries::threads_with_unresolved_sends;

}  // namespace crm::projections
