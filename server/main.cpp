// crmd: the configuration from the environment, on the system's clock.

#include <memory>

#include "domain/clock.hpp"
#include "http/server_config.hpp"
#include "server/crmd_runtime.hpp"

int main() {
  return crm::server::run_crmd(crm::http::config_from_environment(), std::make_shared<crm::domain::system_clock>());
}
