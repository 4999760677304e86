#pragma once
// The contact reads live in queries/, one file per endpoint. This header keeps the names the
// HTTP routes were written against compiling until they include queries/ themselves; new code
// includes queries/ directly.

#include "queries/contact.hpp"
#include "queries/contacts_list.hpp"

namespace crm::projections {

using queries::contact_filter;
using queries::find_contact;
using queries::list_contacts_members;

}  // namespace crm::projections
