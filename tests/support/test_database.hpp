#pragma once
// PostgreSQL tests get a fresh database each, migrated, on the cluster tools/test started.

#include <string>

namespace crm::testing {

/// Creates an empty, migrated database; returns its URL. Fails the test when
/// CRM_TEST_DATABASE_URL (the cluster's admin URL) is not set.
std::string fresh_database();

}  // namespace crm::testing
