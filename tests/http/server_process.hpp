#pragma once
// HTTP tests drive the real binaries: crmd (and the Twilio simulator) as child processes on
// free ports, against a fresh database, reached over HTTP with libcurl. crmd runs as
// crmd-at-test-time, production's code on a clock set to a US afternoon (quiet hours).

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace crm::testing {

/// A free TCP port on 127.0.0.1.
int free_port();

/// A child process with extra environment; SIGTERM and wait on destruction.
class child_process {
public:
  child_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  /// Sends `signal` and waits for the process to end.
  void stop(int signal);
  pid_t pid() const { return pid_; }

private:
  pid_t pid_ = -1;
};

/// One HTTP answer.
struct http_response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  ///< lower-cased names
};

/// A keep-alive HTTP client (one libcurl handle; one thread at a time).
class http_client {
public:
  explicit http_client(std::string base_url);
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// Sends a request; `body` as JSON unless `content_type` says otherwise.
  http_response request(const std::string& method, const std::string& path, const std::string& body = {},
                        const std::vector<std::string>& headers = {},
                        const std::string& content_type = "application/json");
  /// Signs in and sends the token with every later request.
  void sign_in(const std::string& email, const std::string& password);
  /// Uses another client's session (signing in costs an Argon2id hash).
  void use_token(std::string token) { token_ = std::move(token); }
  const std::string& token() const { return token_; }
  /// Drops the session token.
  void sign_out_locally() { token_.clear(); }
  /// How many connections libcurl opened so far (keep-alive check).
  long connections_opened() const;

private:
  std::string base_url_;
  std::string token_;
  void* curl_ = nullptr;
};

/// How a test server is set up.
struct server_options {
  bool simulator = false;                  ///< start `crmctl twilio-sim` and point crmd at it
  int callback_delay_ms = 50;              ///< the simulator's pace through a message's life
  bool simulator_reaches_crm = true;       ///< false: the simulator's webhooks go nowhere (history to sync)
  std::map<std::string, std::string> env;  ///< extra or overriding environment for crmd
};

/// A running crmd on a fresh database (and optionally the Twilio simulator), signed in as admin.
class crm_server {
public:
  explicit crm_server(server_options options = {});
  ~crm_server();

  /// The simulator's base URL ("" without one).
  const std::string& simulator_url() const { return simulator_url_; }
  static constexpr const char* auth_token = "test-auth-token";
  static constexpr const char* account_sid = "AC00000000000000000000000000000001";
  static constexpr const char* crm_number = "+15005550006";

  const std::string& base_url() const { return base_url_; }
  const std::string& database_url() const { return database_url_; }
  int port() const { return port_; }
  /// Restarts crmd (same database and port); `signal` ends the old process (SIGTERM or SIGKILL).
  void restart(int signal);
  /// A client signed in as the administrator.
  http_client& client() { return *client_; }

  static constexpr const char* admin_email = "admin@example.com";
  static constexpr const char* admin_password = "correct horse battery staple";

private:
  void start();
  std::map<std::string, std::string> env_;
  std::string database_url_;
  std::string base_url_;
  int port_ = 0;
  std::unique_ptr<child_process> process_;
  std::unique_ptr<http_client> client_;
  std::unique_ptr<child_process> simulator_;
  std::string simulator_url_;
};

/// Waits until `condition` holds, polling every 20 ms, for at most `seconds`; returns whether it held.
template <class Condition>
bool eventually(Condition condition, double seconds = 10) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

/// Parses a JSON body and returns the string at a '/'-separated path ("contact/_id"), or "".
std::string json_string(const std::string& body, const std::string& path);
/// The number at a path, or -1.
long long json_number(const std::string& body, const std::string& path);

}  // namespace crm::testing
