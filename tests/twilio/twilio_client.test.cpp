// Transport failures of the client, against local sockets only.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <gtest/gtest.h>

#include "twilio/twilio_client.hpp"

namespace crm::twilio {
namespace {

// A socket that listens but never answers: the kernel completes the TCP handshake, so the
// request goes out and the reply never comes.
class silent_server {
public:
  silent_server() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~silent_server() { ::close(fd_); }
  int port() const { return port_; }

private:
  int fd_ = -1;
  int port_ = 0;
};

twilio_client_config config_for(const std::string& base) {
  twilio_client_config config;
  config.base_url = base;
  config.account_sid = "AC00000000000000000000000000000001";
  config.auth_token = "token";
  config.connect_timeout = std::chrono::milliseconds(500);
  config.total_timeout = std::chrono::milliseconds(300);
  return config;
}

TEST(twilio_client, timeout_after_sending_may_have_created_the_message) {
  silent_server server;
  twilio_client client(config_for("http://127.0.0.1:" + std::to_string(server.port())));
  create_message_request request;
  request.to = "+14155550100";
  request.from = "+15005550006";
  request.body = "hello";
  auto outcome = client.create_message(request);
  ASSERT_NE(outcome.failure(), nullptr);
  EXPECT_EQ(outcome.failure()->kind, transport_failure_kind::timed_out) << outcome.failure()->detail;
  EXPECT_TRUE(outcome.failure()->request_may_have_arrived());
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.value(), nullptr);
  EXPECT_EQ(outcome.error(), nullptr);
}

TEST(twilio_client, refused_connection_never_reached_twilio) {
  int port;
  {
    silent_server closed;  // take a free port, then close it
    port = closed.port();
  }
  twilio_client client(config_for("http://127.0.0.1:" + std::to_string(port)));
  auto outcome = client.fetch_message("SM00000000000000000000000000000000");
  ASSERT_NE(outcome.failure(), nullptr);
  EXPECT_EQ(outcome.failure()->kind, transport_failure_kind::could_not_connect);
  EXPECT_FALSE(outcome.failure()->request_may_have_arrived());
}

TEST(twilio_client, unresolvable_host_is_could_not_connect) {
  twilio_client client(config_for("http://nonexistent.invalid"));
  auto outcome = client.list_messages({});
  ASSERT_NE(outcome.failure(), nullptr);
  EXPECT_EQ(outcome.failure()->kind, transport_failure_kind::could_not_connect);
}

TEST(twilio_client, is_movable_and_keeps_its_config) {
  twilio_client a(config_for("http://127.0.0.1:1/"));
  twilio_client b(std::move(a));
  EXPECT_EQ(b.config().base_url, "http://127.0.0.1:1");  // trailing slash trimmed
  EXPECT_EQ(b.config().connect_timeout, std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace crm::twilio
