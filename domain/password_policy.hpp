#pragma once
// What a new password must be: long enough to resist guessing, not one of the passwords tried
// first, and bounded in size. The common-password list is compiled in, so no data file is needed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace crm::domain {

/// Why a new password is refused, or nullopt when it is acceptable: a sentence a person can act on.
std::optional<std::string> password_refusal(std::string_view password);

/// How many passwords the compiled-in common-password list holds (10,000).
std::size_t common_password_count();

}  // namespace crm::domain
