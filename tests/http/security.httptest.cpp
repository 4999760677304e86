// A public address: requests written to crash or confuse crmd, sent over raw sockets where
// libcurl would refuse to write them, against the real binary.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "http/server_process.hpp"

namespace crm::testing {
namespace {

using namespace std::string_literals;

class security : public ::testing::Test {
protected:
  static void SetUpTestSuite() { server = new crm_server(); }
  static void TearDownTestSuite() { delete server; }
  static crm_server* server;
};
crm_server* security::server = nullptr;

/// A TCP connection to crmd written to byte by byte.
class raw_connection {
public:
  explicit raw_connection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~raw_connection() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send(const std::string& bytes) {
    for (std::size_t at = 0; at < bytes.size();) {
      auto n = ::send(fd_, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
      if (n <= 0) return;
      at += static_cast<std::size_t>(n);
    }
  }
  /// Everything the server sends until it closes or `seconds` pass.
  std::string read_until_closed(double seconds) {
    std::string got;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }
  bool closed() const { return closed_; }

private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

std::string status_line(const std::string& response) { return response.substr(0, response.find("\r\n")); }

void expect_alive() {
  http_client probe(security::server->base_url());
  EXPECT_EQ(probe.request("GET", "/healthz").status, 200) << "crmd must survive the previous request";
}

TEST_F(security, json_nested_150000_levels_deep_is_a_400_not_a_crash) {
  http_client anonymous(server->base_url());
  auto deep = anonymous.request("POST", "/api/auth/login", std::string(150000, '['));
  EXPECT_EQ(deep.status, 400);
  EXPECT_EQ(json_string(deep.body, "code"), "invalid_json");
  auto deep_object = anonymous.request("POST", "/api/crm/contacts", "{\"a\":" + std::string(100, '[') + "}",
                                       {"Authorization: Bearer " + server->client().token()});
  EXPECT_EQ(deep_object.status, 400);
  EXPECT_EQ(json_string(deep_object.body, "code"), "invalid_json");
  expect_alive();
  // 64 levels is still parsed (and refused for what it says, not for its depth).
  auto at_limit = anonymous.request("POST", "/api/auth/login", std::string(64, '[') + std::string(64, ']'));
  EXPECT_EQ(at_limit.status, 400);
  EXPECT_NE(json_string(at_limit.body, "error"), "");
  EXPECT_EQ(at_limit.body.find("64 levels"), std::string::npos);
}

}  // namespace
}  // namespace crm::testing
