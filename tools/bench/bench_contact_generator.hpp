#pragma once
// Deterministic, varied contacts for the load benchmark: the i-th body is always the same, and
// no two of the first million share a phone (+1 619 5xx xxxx, a San Diego area code).

#include <string>

namespace crm::cli {

/// The JSON body of POST /api/crm/contacts for contact number `i` (0 <= i < 1,000,000).
std::string bench_contact_json(long i);

/// The E.164 phone of contact number `i`.
std::string bench_contact_phone(long i);

}  // namespace crm::cli
