// crmd-at-test-time: crmd on a clock the tests set, for the HTTP tests (tests/http) and the
// browser tests (tools/e2e). Production's crmd (server/main.cpp) always runs on the system's
// clock; this binary is built with the tests only.
//
//   CRM_TEST_CLOCK_START   the time crmd's clock reads at CRM_TEST_CLOCK_SET_AT, ISO 8601 UTC
//                          ("2026-07-01T19:00:00.000Z"); required
//   CRM_TEST_CLOCK_SET_AT  the real instant it reads that, ISO 8601 UTC; default: when this
//                          process starts. A test that restarts crmd passes the same value, so
//                          the clock runs on across the restart.
//
// Every other setting is crmd's own (README).

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "crmd_at_test_time/test_clock.hpp"
#include "domain/iso_time.hpp"
#include "http/server_config.hpp"
#include "server/crmd_runtime.hpp"

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

int main() {
  auto real = crm::domain::system_clock().now();
  auto start = crm::domain::parse_iso8601(env("CRM_TEST_CLOCK_START"));
  if (!start) {
    std::fprintf(stderr, "crmd-at-test-time: CRM_TEST_CLOCK_START must be an ISO 8601 UTC time\n");
    return 2;
  }
  auto set_at = env("CRM_TEST_CLOCK_SET_AT");
  if (!set_at.empty()) {
    auto parsed = crm::domain::parse_iso8601(set_at);
    if (!parsed) {
      std::fprintf(stderr, "crmd-at-test-time: CRM_TEST_CLOCK_SET_AT must be an ISO 8601 UTC time\n");
      return 2;
    }
    real = *parsed;
  }
  return crm::server::run_crmd(crm::http::config_from_environment(),
                               std::make_shared<crm::testing::test_clock>(*start, real));
}
