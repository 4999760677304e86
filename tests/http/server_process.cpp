#include "http/server_process.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <thread>

#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include "domain/iso_time.hpp"
#include "support/test_database.hpp"

extern char** environ;

namespace crm::testing {

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

child_process::child_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (auto& [k, v] : env) merged[k] = v;
  std::vector<std::string> env_strings;
  for (auto& [k, v] : merged) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(const_cast<char*>(s.c_str()));
  envp.push_back(nullptr);
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  if (posix_spawn(&pid_, args[0], nullptr, nullptr, args.data(), envp.data()) != 0)
    throw std::runtime_error("cannot start " + argv[0]);
}

child_process::~child_process() { stop(SIGTERM); }

void child_process::stop(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

namespace {
size_t collect_body(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}
size_t collect_header(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of("\r\n") + 1);
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
  }
  return size * n;
}
}  // namespace

http_client::http_client(std::string base_url) : base_url_(std::move(base_url)), curl_(curl_easy_init()) {}

http_client::~http_client() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

http_response http_client::request(const std::string& method, const std::string& path, const std::string& body,
                                   const std::vector<std::string>& headers, const std::string& content_type) {
  auto* curl = static_cast<CURL*>(curl_);
  http_response response;
  curl_slist* list = nullptr;
  if (!token_.empty()) list = curl_slist_append(list, ("Authorization: Bearer " + token_).c_str());
  if (!body.empty() || method == "POST" || method == "PUT")
    list = curl_slist_append(list, ("Content-Type: " + content_type).c_str());
  for (auto& h : headers) list = curl_slist_append(list, h.c_str());
  auto url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  if (method == "GET") curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  auto rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(rc));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

void http_client::sign_in(const std::string& email, const std::string& password) {
  auto r = request("POST", "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  if (r.status != 200) throw std::runtime_error("sign-in failed: " + r.body);
  token_ = json_string(r.body, "token");
}

long http_client::connections_opened() const {
  long n = 0;
  curl_easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_NUM_CONNECTS, &n);
  return n;
}

namespace {
// Quiet hours (8:00-21:00 recipient time) would make sends depend on when tests run: crmd's
// clock is set to 19:00 UTC today, afternoon from Hawaii to New York, and the simulator's
// moved as far, so that Twilio's dates agree with crmd's.
struct us_afternoon {
  std::time_t real = std::time(nullptr);
  std::time_t reads = real - real % 86400 + 19 * 3600;
};

std::string iso8601(std::time_t t) { return domain::format_iso8601(std::chrono::system_clock::from_time_t(t)); }
}  // namespace

crm_server::crm_server(server_options options) {
  us_afternoon afternoon;
  database_url_ = fresh_database();
  port_ = free_port();
  base_url_ = "http://127.0.0.1:" + std::to_string(port_);
  if (options.simulator) {
    auto sim_port = free_port();
    simulator_url_ = "http://127.0.0.1:" + std::to_string(sim_port);
    auto crm_url = options.simulator_reaches_crm ? base_url_ : "http://127.0.0.1:" + std::to_string(free_port());
    simulator_ = std::make_unique<child_process>(
        std::vector<std::string>{std::string(CRM_BINARY_DIR) + "/tools/crmctl", "twilio-sim", "--port",
                                 std::to_string(sim_port), "--account-sid", account_sid, "--auth-token", auth_token,
                                 "--phone-number", crm_number, "--crm-url", crm_url, "--callback-delay-ms",
                                 std::to_string(options.callback_delay_ms), "--clock-offset-seconds",
                                 std::to_string(afternoon.reads - afternoon.real)},
        std::map<std::string, std::string>{});
    http_client probe(simulator_url_);
    for (int i = 0;; ++i) {
      try {
        if (probe.request("GET", "/healthz").status == 200) break;
      } catch (const std::exception&) {
        if (i > 300) throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    options.env.emplace("TWILIO_ACCOUNT_SID", account_sid);
    options.env.emplace("TWILIO_AUTH_TOKEN", auth_token);
    options.env.emplace("TWILIO_PHONE_NUMBER", crm_number);
    options.env.emplace("TWILIO_API_BASE", simulator_url_);
  }
  auto& extra_env = options.env;
  env_ = {{"DATABASE_URL", database_url_},
          {"PORT", std::to_string(port_)},
          {"PUBLIC_BASE_URL", base_url_},
          {"CRM_ADMIN_EMAIL", admin_email},
          {"CRM_ADMIN_PASSWORD", admin_password},
          {"CRM_ACTOR_IDLE_MS", "500"},
          // The same two instants after a restart: the clock runs on across it.
          {"CRM_TEST_CLOCK_START", iso8601(afternoon.reads)},
          {"CRM_TEST_CLOCK_SET_AT", iso8601(afternoon.real)},
          {"LOG_LEVEL", "warn"},
          {"CRM_UI_DIR", std::string(CRM_SOURCE_DIR) + "/ui/dist"},
          {"CRM_MIGRATIONS_DIR", std::string(CRM_SOURCE_DIR) + "/migrations"}};
  for (auto& [k, v] : extra_env) env_[k] = v;
  start();
}

crm_server::~crm_server() = default;

void crm_server::start() {
  process_ = std::make_unique<child_process>(
      std::vector<std::string>{std::string(CRM_BINARY_DIR) + "/tests/crmd-at-test-time"}, env_);
  client_ = std::make_unique<http_client>(base_url_);
  for (int i = 0;; ++i) {
    try {
      if (client_->request("GET", "/healthz").status == 200) break;
    } catch (const std::exception&) {
      if (i > 300) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  client_->sign_in(admin_email, admin_password);
}

void crm_server::restart(int signal) {
  process_->stop(signal);
  start();
}

namespace {
const rapidjson::Value* at_path(rapidjson::Document& d, const std::string& body, const std::string& path) {
  d.Parse(body.c_str(), body.size());
  if (d.HasParseError()) return nullptr;
  return rapidjson::Pointer(("/" + path).c_str()).Get(d);
}
}  // namespace

std::string json_string(const std::string& body, const std::string& path) {
  rapidjson::Document d;
  auto* v = at_path(d, body, path);
  return v && v->IsString() ? v->GetString() : "";
}

long long json_number(const std::string& body, const std::string& path) {
  rapidjson::Document d;
  auto* v = at_path(d, body, path);
  return v && v->IsNumber() ? v->GetInt64() : -1;
}

}  // namespace crm::testing
