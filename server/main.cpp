// crmd: configuration -> database and migrations -> actors and projector -> HTTP.

#include <cmath>
#include <csignal>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/directory.hpp"
#include "actors/log_access.hpp"
#include "actors/message_types.hpp"
#include "actors/projector_actor.hpp"
#include "actors/scheduler.hpp"
#include "eventlog/migrator.hpp"
#include "http/app.hpp"
#include "http/http_server.hpp"
#include "http/security_headers.hpp"
#include "http/static_files.hpp"
#include "http/send_recovery.hpp"
#include "actors/twilio_gateway.hpp"

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

int wait_for_signal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

}  // namespace

int main() {
  // Block the stop signals in every thread; main waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  set_log_level();

  auto config = crm::http::config_from_environment();
  if (config.database_url.empty()) {
    spdlog::critical("DATABASE_URL is not set");
    return 2;
  }
  try {
    auto connection = connect_with_patience(config.database_url);
    crm::eventlog::apply_migrations(*connection, config.migrations_dir);
    if (!config.admin_email.empty() && !config.admin_password.empty())
      crm::http::auth_service::ensure_admin(*connection, config.admin_email, config.admin_password);
  } catch (const std::exception& e) {
    spdlog::critical("start-up failed: {}", e.what());
    return 1;
  }

  caf::actor_system_config caf_config;
  crm::actors::configure_scheduler(caf_config);
  caf::actor_system system{caf_config};

  crm::projections::position_watch watch;
  crm::projections::db_pool queries(config.database_url, 4);
  crm::http::auth_service auth(queries, std::chrono::hours(config.session_hours),
                               std::chrono::seconds(std::max(1L, std::lround(config.session_idle_hours * 3600))));
  crm::http::serve_as_https(config.public_base_url.rfind("https://", 0) == 0);
  auto log = crm::actors::spawn_log_access(system, config.database_url, 2);

  crm::actors::entity_refs refs;
  refs.log = log;
  refs.idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms);
  refs.from_number = config.twilio_phone_number;
  refs.clock = std::make_shared<crm::domain::system_clock>(std::chrono::seconds(config.clock_offset_seconds));
  if (config.clock_offset_seconds != 0) spdlog::warn("decisions use a clock shifted by {} s (CRM_CLOCK_OFFSET_SECONDS)", config.clock_offset_seconds);
  auto replies = std::make_shared<crm::domain::keyword_replies>();
  replies->help = "Texts from " + config.agent_name + ", your real estate agent. Reply STOP to opt out. Msg & data rates may apply.";
  replies->help_opted_out = "You are unsubscribed from texts from " + config.agent_name +
                            ". Reply START to receive texts again. Msg & data rates may apply.";
  replies->opted_in = "You are now opted in to texts from " + config.agent_name + ". Reply STOP to opt out.";
  replies->opted_out = "You are unsubscribed and will get no more texts from " + config.agent_name +
                       ". Reply START to receive texts again.";
  refs.replies = replies;
  refs.opt_outs = std::make_shared<crm::actors::opt_out_board>();
  bool twilio_configured = !config.twilio_account_sid.empty() && !config.twilio_auth_token.empty() &&
                           (!config.twilio_phone_number.empty() || !config.twilio_messaging_service_sid.empty());
  if (twilio_configured) {
    crm::actors::gateway_config gateway;
    gateway.client.base_url = config.twilio_api_base;
    gateway.client.account_sid = config.twilio_account_sid;
    gateway.client.auth_token = config.twilio_auth_token;
    gateway.from_number = config.twilio_phone_number;
    gateway.messaging_service_sid = config.twilio_messaging_service_sid;
    gateway.status_callback_url = config.public_base_url + "/api/crm/sms/status";
    gateway.messages_per_second = config.messages_per_second;
    gateway.opt_outs = refs.opt_outs;
    refs.gateway = crm::actors::spawn_twilio_gateway(system, gateway);
  } else {
    spdlog::warn("Twilio is not configured: sending answers 503 until TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER are set");
  }
  auto directory = crm::actors::spawn_directory(system, refs);
  auto projector = crm::actors::spawn_projector(system, config.database_url, watch);

  crm::http::app app;
  app.config = config;
  app.system = &system;
  crm::http::command_bridges commands(system, directory, config.http_threads);
  app.commands = &commands;
  app.watch = &watch;
  app.queries = &queries;
  app.auth = &auth;
  app.gateway = refs.gateway;
  if (twilio_configured) app.webhook_signatures = std::make_shared<crm::twilio::signature_validator>(config.twilio_auth_token);

  crm::http::static_files ui(config.ui_dir);
  crm::http::http_server server(app, ui);
  try {
    server.start();
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen on port {}: {}", config.port, e.what());
    caf::anon_send_exit(projector, caf::exit_reason::user_shutdown);
    return 1;
  }
  spdlog::info("crmd ready at {}", config.public_base_url);
  crm::http::recover_unresolved_sends(app);

  auto sig = wait_for_signal();
  spdlog::info("signal {}: shutting down", sig);
  server.shutdown();
  caf::anon_send(projector, crm::actors::stop_atom::value);
  // Every reply already sent was sent after its commit, so nothing acknowledged is in memory
  // only. Entity actors would otherwise keep the actor system waiting until they passivate.
  spdlog::info("stopped");
  spdlog::shutdown();
  std::_Exit(0);
}
