#pragma once
// Settings from the environment (README lists them), read once at start-up.

#include <string>

#include "domain/consent_texts.hpp"

namespace crm::http {

struct server_config {
  std::string database_url;
  int port = 8080;
  std::string bind_address = "127.0.0.1";  ///< CRM_BIND: 0.0.0.0 for every interface
  int http_threads = 2;
  std::string public_base_url;  ///< what Twilio was told; signatures are checked against it
  std::string default_region = "US";
  std::string ui_dir;  ///< the built UI (ui/dist)
  std::string migrations_dir;
  std::string admin_email;
  std::string admin_password;
  std::string twilio_account_sid;
  std::string twilio_auth_token;
  std::string twilio_phone_number;
  std::string twilio_messaging_service_sid;
  std::string twilio_api_base = "https://api.twilio.com";
  std::string agent_name = domain::default_agent_name;  ///< CRM_AGENT_NAME: named in consent texts
  double messages_per_second = 10;                      ///< outbound pacing per sending number
  long idle_timeout_ms = 60000;                         ///< entity actors passivate after this
  long session_hours = 24 * 7;
  double session_idle_hours = 12;     ///< CRM_SESSION_IDLE_HOURS: a session unused this long ends
  std::string trusted_proxy;          ///< CRM_TRUSTED_PROXY: its X-Forwarded-For names the client
  long head_timeout_seconds = 10;     ///< a request's headers must arrive within this
  long connection_idle_seconds = 60;  ///< an idle keep-alive connection is closed after this
  long max_connections = 512;
};

/// Reads the configuration from environment variables, with defaults.
server_config config_from_environment();

}  // namespace crm::http
