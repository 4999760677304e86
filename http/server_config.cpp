#include "http/server_config.hpp"

#include <algorithm>
#include <cstdlib>

namespace crm::http {
namespace {
std::string env(const char* name, const std::string& fallback = {}) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}
}  // namespace

server_config config_from_environment() {
  server_config c;
  c.database_url = env("DATABASE_URL");
  c.port = std::atoi(env("PORT", "8080").c_str());
  c.bind_address = env("CRM_BIND", "127.0.0.1");
  c.http_threads = std::atoi(env("CRM_HTTP_THREADS", "2").c_str());
  c.public_base_url = env("PUBLIC_BASE_URL", "http://127.0.0.1:" + std::to_string(c.port));
  while (!c.public_base_url.empty() && c.public_base_url.back() == '/') c.public_base_url.pop_back();
  c.default_region = env("CRM_DEFAULT_REGION", "US");
  c.ui_dir = env("CRM_UI_DIR", std::string(CRM_SOURCE_DIR) + "/ui/dist");
  c.migrations_dir = env("CRM_MIGRATIONS_DIR", std::string(CRM_SOURCE_DIR) + "/migrations");
  c.admin_email = env("CRM_ADMIN_EMAIL");
  c.admin_password = env("CRM_ADMIN_PASSWORD");
  c.twilio_account_sid = env("TWILIO_ACCOUNT_SID");
  c.twilio_auth_token = env("TWILIO_AUTH_TOKEN");
  c.twilio_phone_number = env("TWILIO_PHONE_NUMBER");
  c.twilio_messaging_service_sid = env("TWILIO_MESSAGING_SERVICE_SID");
  c.twilio_api_base = env("TWILIO_API_BASE", "https://api.twilio.com");
  c.agent_name = env("CRM_AGENT_NAME", domain::default_agent_name);
  c.messages_per_second = std::atof(env("TWILIO_MESSAGES_PER_SECOND", "10").c_str());
  if (c.messages_per_second <= 0) c.messages_per_second = 10;
  c.idle_timeout_ms = std::atol(env("CRM_ACTOR_IDLE_MS", "60000").c_str());
  c.session_idle_hours = std::atof(env("CRM_SESSION_IDLE_HOURS", "12").c_str());
  if (c.session_idle_hours <= 0) c.session_idle_hours = 12;
  c.trusted_proxy = env("CRM_TRUSTED_PROXY");
  c.head_timeout_seconds = std::max(1L, std::atol(env("CRM_HEAD_TIMEOUT_SECONDS", "10").c_str()));
  c.connection_idle_seconds = std::max(1L, std::atol(env("CRM_CONNECTION_IDLE_SECONDS", "60").c_str()));
  c.max_connections = std::max(1L, std::atol(env("CRM_MAX_CONNECTIONS", "512").c_str()));
  return c;
}

}  // namespace crm::http
