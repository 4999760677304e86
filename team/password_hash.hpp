#pragma once
// Argon2id password hashes (libsodium), in libsodium's self-describing string form.

#include <string>

namespace crm::team {

std::string hash_password(const std::string& password);
/// Constant-time check of a password against such a hash.
bool verify_password(const std::string& hash, const std::string& password);

}  // namespace crm::team
