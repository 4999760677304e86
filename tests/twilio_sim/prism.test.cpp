// Checks the wire code against Twilio's own OpenAPI description through Prism
// (@stoplight/prism-cli): the client's requests against Prism's validating mock (a 422 or a
// request violation fails), and the simulator's replies through Prism's validating proxy
// (a response violation fails). Skipped when Prism is not installed; install it with
//   npm install --prefix build/twilio/prism @stoplight/prism-cli
// or point CRM_PRISM at a prism executable.
//
// Known and tolerated: Prism decodes form arrays only in qs style (MediaUrl[]=...), while
// Twilio's API, its docs and its helper libraries repeat the key (MediaUrl=a&MediaUrl=b), so
// "MediaUrl must be array" is Prism's limitation. Twilio's description gives the list's uri, first_page_uri,
// next_page_uri and previous_page_uri the format "uri", but Twilio (and the description's own
// examples) send them relative to the base; and it describes no error responses, so Prism
// cannot check a 400 or 404 body.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sim_fixture.hpp"
#include "sim_test_support.hpp"

namespace crm::twilio_sim::testing {
namespace {

const std::string spec = "/work/shared/twilio/twilio_api_v2010.json";
const std::string account = "AC00000000000000000000000000000001";

std::string find_prism() {
  if (const char* env = std::getenv("CRM_PRISM")) return env;
  for (std::string candidate : {std::string(CRM_BINARY_DIR) + "/prism/node_modules/.bin/prism",
                                std::string(CRM_SOURCE_DIR) + "/build/prism/node_modules/.bin/prism"}) {
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// One Prism process (mock or proxy) on a free port, stopped by its pid.
class prism_process {
public:
  prism_process(const std::string& prism, const std::vector<std::string>& mode_args) {
    port_ = free_port();
    log_ = ::testing::TempDir() + "prism-" + std::to_string(port_) + ".log";
    std::vector<std::string> args = {prism};
    args.insert(args.end(), mode_args.begin(), mode_args.end());
    args.insert(args.end(), {"-h", "127.0.0.1", "-p", std::to_string(port_)});
    pid_ = ::fork();
    if (pid_ == 0) {
      int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }

  ~prism_process() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }

  /// Waits (bounded) until Prism listens; remembers how much log came before.
  bool ready() {
    bool up = eventually([&] { return http_call(url() + "/ready-probe").status != 0; }, std::chrono::seconds(120));
    if (up) {
      // The probe itself logs a "route not found" violation; only later lines count.
      eventually(
          [&] {
            return count(read_file(log_), "ready-probe") >= 1 &&
                   read_file(log_).find("Violation", read_file(log_).find("ready-probe")) != std::string::npos;
          },
          std::chrono::seconds(5));
      start_ = read_file(log_).size();
    }
    return up;
  }

  /// The log written after ready(), once `requests` requests were logged and it went quiet.
  std::string log_after(std::size_t requests) {
    eventually([&] { return count(read_file(log_).substr(start_), "Request received") >= requests; },
               std::chrono::seconds(10));
    std::size_t size = 0;
    eventually(
        [&] {
          std::size_t now = read_file(log_).size();
          bool stable = now == size;
          size = now;
          if (!stable) std::this_thread::sleep_for(std::chrono::milliseconds(200));
          return stable;
        },
        std::chrono::seconds(5));
    return read_file(log_).substr(start_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
  std::size_t start_ = 0;
};

// Violations that are Twilio's description's own, not ours (see the file comment).
bool tolerated(const std::string& line) {
  if (line.find("must match format \"uri\"") != std::string::npos) return true;
  if (line.find("Unable to match the returned status code") != std::string::npos) return true;
  if (line.find("MediaUrl must be array") != std::string::npos) return true;
  return false;
}

// Every warning or error Prism's validator logged, minus the tolerated ones. A request that
// fails validation logs a summary line and then one line per problem; the problems count.
std::vector<std::string> violations(const std::string& log) {
  std::vector<std::string> out;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    bool flagged = line.find("[VALIDATOR]") != std::string::npos &&
                   (line.find("error") != std::string::npos || line.find("warning") != std::string::npos);
    if (!flagged || line.find("Request did not pass the validation rules") != std::string::npos) continue;
    if (!tolerated(line)) out.push_back(line);
  }
  return out;
}

twilio::twilio_client client_for(const std::string& base, const std::string& token) {
  twilio::twilio_client_config config;
  config.base_url = base;
  config.account_sid = account;
  config.auth_token = token;
  return twilio::twilio_client(config);
}

void expect_not_422(const char* what, const twilio::twilio_error* e) {
  if (e) {
    EXPECT_NE(e->http_status, 422) << what << ": " << e->message;
  }
}

TEST(prism, client_requests_pass_twilio_openapi_validation) {
  std::string prism = find_prism();
  if (prism.empty())
    GTEST_SKIP() << "Prism not installed (npm install --prefix build/twilio/prism @stoplight/prism-cli)";
  prism_process mock(prism, {"mock", spec});
  ASSERT_TRUE(mock.ready()) << "Prism did not start";
  auto c = client_for(mock.url(), "any-token");

  twilio::create_message_request create;
  create.to = "+14155550100";
  create.from = "+15005550006";
  create.body = "Hello from the CRM 👍 & more";
  create.status_callback = "https://crm.example.com/api/crm/sms/status";
  auto created = c.create_message(create);
  expect_not_422("create", created.error());
  EXPECT_TRUE(created.ok());

  // With media Prism answers 422 for its own reason (see the file comment), and must give
  // no other reason.
  create.media_urls = {"https://example.com/a.jpg", "https://example.com/b.png"};
  auto with_media = c.create_message(create);
  if (!with_media.ok()) {
    ASSERT_NE(with_media.error(), nullptr);
    EXPECT_EQ(with_media.error()->http_status, 422);
    EXPECT_NE(with_media.error()->message.find("MediaUrl must be array"), std::string::npos)
        << with_media.error()->message;
    EXPECT_EQ(count(with_media.error()->message, "\"severity\""), 1u) << with_media.error()->message;
  }
  create.media_urls.clear();

  auto via_service = create;
  via_service.from.clear();
  via_service.messaging_service_sid = "MG00000000000000000000000000000001";
  via_service.status_callback.clear();
  auto service_created = c.create_message(via_service);
  expect_not_422("create via service", service_created.error());
  EXPECT_TRUE(service_created.ok());

  twilio::list_messages_request list;
  list.to = "+14155550100";
  list.from = "+15005550006";
  list.date_sent = "2023-08-24";
  list.page_size = 20;
  auto listed = c.list_messages(list);
  expect_not_422("list", listed.error());
  EXPECT_TRUE(listed.ok());
  list.date_sent.reset();
  list.date_sent_before = "2023-08-25";
  list.date_sent_after = "2023-08-23";
  auto ranged = c.list_messages(list);
  expect_not_422("list by range", ranged.error());
  EXPECT_TRUE(ranged.ok());

  auto fetched = c.fetch_message("SM0123456789abcdef0123456789abcdef");
  expect_not_422("fetch", fetched.error());
  EXPECT_TRUE(fetched.ok());

  auto problems = violations(mock.log_after(6));
  // In mock mode Prism also checks its own example replies; only request problems are ours.
  std::vector<std::string> ours;
  for (const auto& line : problems) {
    if (line.find("response") == std::string::npos) ours.push_back(line);
  }
  EXPECT_TRUE(ours.empty()) << ours.size() << " request violation(s), first: " << ours.front();
}

TEST(prism, simulator_replies_pass_twilio_openapi_validation) {
  std::string prism = find_prism();
  if (prism.empty())
    GTEST_SKIP() << "Prism not installed (npm install --prefix build/twilio/prism @stoplight/prism-cli)";
  twilio_sim_options options;
  options.port = 0;
  options.account_sid = account;
  options.callback_delay = std::chrono::milliseconds(0);
  twilio_sim sim(options);
  ASSERT_TRUE(sim.start());
  prism_process proxy(prism, {"proxy", spec, sim.base_url()});
  ASSERT_TRUE(proxy.ready()) << "Prism did not start";
  auto c = client_for(proxy.url(), options.auth_token);

  twilio::create_message_request create;
  create.to = "+14155550100";
  create.from = "+15005550006";
  create.body = "Checked against Twilio's schema";
  create.media_urls = {"https://example.com/a.jpg", "https://example.com/b.png"};
  create.status_callback = "http://127.0.0.1:1/api/crm/sms/status";
  auto created = c.create_message(create);
  ASSERT_TRUE(created.ok());
  create.media_urls.clear();
  ASSERT_TRUE(c.create_message(create).ok());
  ASSERT_TRUE(eventually([&] { return c.fetch_message(created.value()->sid).value()->status == "delivered"; }));
  auto fetched = c.fetch_message(created.value()->sid);  // now with date_sent and price
  ASSERT_TRUE(fetched.ok());
  twilio::list_messages_request list;
  list.page_size = 1;
  auto page = c.list_messages(list);
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(page.value()->next_page_uri.has_value());
  ASSERT_TRUE(c.next_page(*page.value()->next_page_uri).ok());
  auto inbound = http_post(sim.base_url() + "/sim/inbound", R"({"from":"+14155550142","body":"in"})");
  ASSERT_NE(inbound.status, 0);
  ASSERT_TRUE(c.list_messages({}).ok());  // includes an inbound message

  std::size_t requests = 2 + 1 + 1 + 1 + 1;  // at least these, plus the polling fetches
  auto problems = violations(proxy.log_after(requests));
  EXPECT_TRUE(problems.empty()) << problems.size() << " violation(s), first: " << problems.front();
}

}  // namespace
}  // namespace crm::twilio_sim::testing
