#pragma once
// UUIDs for ids and event ids: random (v4), or derived from a name (v5) so that the same
// external fact (a Twilio MessageSid, say) always maps to the same event id.

#include <string>
#include <string_view>

namespace crm::eventlog {

/// A random version 4 UUID in canonical text form.
std::string random_uuid();

/// A version 5 UUID of `name` within this product's namespace: the same name, the same UUID.
std::string name_uuid(std::string_view name);

/// True when text is a canonical UUID (8-4-4-4-12 hex digits).
bool is_uuid(std::string_view text);

}  // namespace crm::eventlog
