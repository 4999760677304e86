// configuration -> database and migrations -> actors and projector -> HTTP.

#include "server/crmd_runtime.hpp"

#include <cmath>
#include <csignal>
#include <future>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/directory.hpp"
#include "actors/log_access.hpp"
#include "actors/message_types.hpp"
#include "actors/projector_actor.hpp"
#include "actors/scheduler.hpp"
#include "actors/twilio_gateway.hpp"
#include "domain/consent_texts.hpp"
#include "eventlog/migrator.hpp"
#include "http/app.hpp"
#include "http/http_server.hpp"
#include "http/security_headers.hpp"
#include "http/static_files.hpp"
#include "http/team_worker.hpp"
#include "server/send_recovery.hpp"

namespace crm::server {
namespace {

using namespace std::chrono_literals;

// The database may still be starting (tools/run starts both): wait for it, bounded.
std::unique_ptr<pqxx::connection> connect_with_patience(const std::string& url) {
  for (int attempt = 0;; ++attempt) {
    try {
      return std::make_unique<pqxx::connection>(url);
    } catch (const std::exception& e) {
      if (attempt >= 60) throw;
      if (attempt == 0) spdlog::warn("waiting for the database: {}", e.what());
      std::this_thread::sleep_for(500ms);
    }
  }
}

void set_log_level() {
  const char* level = std::getenv("LOG_LEVEL");
  spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::info);
}

sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

int wait_for_signal() {
  auto signals = stop_signals();
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

bool twilio_configured(const http::server_config& config) {
  return !config.twilio_account_sid.empty() && !config.twilio_auth_token.empty() &&
         (!config.twilio_phone_number.empty() || !config.twilio_messaging_service_sid.empty());
}

caf::actor spawn_gateway(caf::actor_system& system, const http::server_config& config,
                         const actors::entity_refs& refs) {
  actors::gateway_config gateway;
  gateway.client.base_url = config.twilio_api_base;
  gateway.client.account_sid = config.twilio_account_sid;
  gateway.client.auth_token = config.twilio_auth_token;
  gateway.client.clock = refs.clock;
  gateway.from_number = config.twilio_phone_number;
  gateway.messaging_service_sid = config.twilio_messaging_service_sid;
  gateway.status_callback_url = config.public_base_url + "/api/crm/sms/status";
  gateway.messages_per_second = config.messages_per_second;
  gateway.opt_outs = refs.opt_outs;
  return actors::spawn_twilio_gateway(system, gateway);
}

}  // namespace

int run_crmd(const http::server_config& config, std::shared_ptr<const domain::clock> clock) {
  // Block the stop signals in every thread; this one waits for them with sigwait.
  auto signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  set_log_level();

  if (config.database_url.empty()) {
    spdlog::critical("DATABASE_URL is not set");
    return 2;
  }
  try {
    auto connection = connect_with_patience(config.database_url);
    eventlog::apply_migrations(*connection, config.migrations_dir);
  } catch (const std::exception& e) {
    spdlog::critical("start-up failed: {}", e.what());
    return 1;
  }

  team::team_service team(config.database_url, clock);
  try {
    team.adopt_legacy_users();
    if (!config.admin_email.empty() && !config.admin_password.empty())
      team.ensure_admin(config.admin_email, config.admin_password);
  } catch (const std::exception& e) {
    spdlog::critical("start-up failed: {}", e.what());
    return 1;
  }

  caf::actor_system_config caf_config;
  actors::configure_scheduler(caf_config);
  caf::actor_system system{caf_config};

  projections::position_watch watch;
  projections::db_pool queries(config.database_url, 4);
  http::auth_service auth(queries, clock, std::chrono::hours(config.session_hours),
                          std::chrono::seconds(std::max(1L, std::lround(config.session_idle_hours * 3600))));
  http::serve_as_https(config.public_base_url.rfind("https://", 0) == 0);
  auto log = actors::spawn_log_access(system, config.database_url, 2);

  actors::entity_refs refs;
  refs.log = log;
  refs.idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms);
  refs.from_number = config.twilio_phone_number;
  refs.clock = clock;
  refs.replies = std::make_shared<const domain::keyword_replies>(config.agent_name);
  refs.opt_outs = std::make_shared<actors::opt_out_board>();
  if (twilio_configured(config)) refs.gateway = spawn_gateway(system, config, refs);
  else
    spdlog::warn(
        "Twilio is not configured: sending answers 503 until TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
        "TWILIO_PHONE_NUMBER are set");
  auto directory = actors::spawn_directory(system, refs);
  auto projector = actors::spawn_projector(system, config.database_url, watch);

  http::app app;
  app.config = config;
  app.clock = clock;
  http::command_bridges commands(system, directory, config.http_threads);
  app.commands = &commands;
  app.watch = &watch;
  app.queries = &queries;
  app.auth = &auth;
  http::team_worker team_thread(team);
  app.team = &team_thread;
  if (twilio_configured(config))
    app.webhook_signatures = std::make_shared<twilio::signature_validator>(config.twilio_auth_token);

  // Sign-in reads the users read model: it must show the administrator before anyone can try.
  std::promise<void> users_shown;
  watch.when_reached(team.position(), projections::position_watch::clock::now() + 10s,
                     [&users_shown](bool, std::int64_t) { users_shown.set_value(); });
  users_shown.get_future().wait();

  http::static_files ui(config.ui_dir);
  http::http_server server(app, ui);
  try {
    server.start();
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen on port {}: {}", config.port, e.what());
    caf::anon_send_exit(projector, caf::exit_reason::user_shutdown);
    return 1;
  }
  spdlog::info("crmd ready at {}", config.public_base_url);
  if (twilio_configured(config)) recover_unresolved_sends(system, queries, watch, directory);

  auto sig = wait_for_signal();
  spdlog::info("signal {}: shutting down", sig);
  server.shutdown();
  caf::anon_send(projector, actors::stop_atom::value);
  // Every reply already sent was sent after its commit, so nothing acknowledged is in memory
  // only. Entity actors would otherwise keep the actor system waiting until they passivate.
  spdlog::info("stopped");
  spdlog::shutdown();
  std::_Exit(0);
}

}  // namespace crm::server
