// Retry-After: seconds, or an HTTP-date measured against the clock the client is given, so a
// date's wait follows a set clock and not the machine's.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "domain/clock.hpp"
#include "twilio/retry_after.hpp"
#include "twilio/twilio_client.hpp"

namespace crm::twilio {
namespace {

using std::chrono::seconds;

time_point at(const char* rfc2822) { return parse_rfc2822(rfc2822).value(); }

TEST(retry_after, seconds_are_taken_as_given) {
  domain::manual_clock clock(at("Wed, 01 Jul 2026 19:00:00 GMT"));
  EXPECT_EQ(parse_retry_after("7", clock.now()), seconds(7));
  EXPECT_EQ(parse_retry_after(" 120\r\n", clock.now()), seconds(120));
  EXPECT_EQ(parse_retry_after("0", clock.now()), seconds(0));
}

TEST(retry_after, a_date_is_waited_for_as_the_clock_reads) {
  domain::manual_clock clock(at("Wed, 01 Jul 2026 19:00:00 GMT"));
  const char* date = " Wed, 01 Jul 2026 19:00:30 GMT\r\n";
  EXPECT_EQ(parse_retry_after(date, clock.now()), seconds(30));
  clock.advance(seconds(20));
  EXPECT_EQ(parse_retry_after(date, clock.now()), seconds(10));
  clock.advance(seconds(60));
  EXPECT_EQ(parse_retry_after(date, clock.now()), seconds(0)) << "a date passed means at once";
}

TEST(retry_after, anything_else_is_no_advice) {
  domain::manual_clock clock(at("Wed, 01 Jul 2026 19:00:00 GMT"));
  EXPECT_EQ(parse_retry_after("", clock.now()), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", clock.now()), std::nullopt);
  EXPECT_EQ(parse_retry_after("7 seconds", clock.now()), std::nullopt);
}

// Answers one request with `reply`, then closes.
class one_reply_server {
public:
  explicit one_reply_server(std::string reply) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 1);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, reply = std::move(reply)] {
      int connection = ::accept(fd_, nullptr, nullptr);
      if (connection < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        auto n = ::recv(connection, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      ::send(connection, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(connection);
    });
  }
  ~one_reply_server() {
    thread_.join();
    ::close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(retry_after, the_client_measures_a_date_on_its_clock) {
  std::string body = R"({"code":20429,"message":"Too Many Requests","status":429})";
  one_reply_server server(
      "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
      "Retry-After: Wed, 01 Jul 2026 19:00:45 GMT\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  twilio_client_config config;
  config.base_url = server.url();
  config.account_sid = "AC00000000000000000000000000000001";
  config.auth_token = "token";
  config.clock = std::make_shared<domain::manual_clock>(at("Wed, 01 Jul 2026 19:00:00 GMT"));
  twilio_client client(config);
  auto outcome = client.fetch_message("SM00000000000000000000000000000000");
  ASSERT_NE(outcome.error(), nullptr);
  EXPECT_EQ(outcome.error()->http_status, 429);
  EXPECT_EQ(outcome.error()->retry_after, seconds(45));
}

}  // namespace
}  // namespace crm::twilio
