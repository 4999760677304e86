// A public address: requests written to crash or confuse crmd, against the real binary.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http/raw_connection.hpp"
#include "http/server_process.hpp"

namespace crm::testing {
namespace {

class security : public ::testing::Test {
public:
  static void SetUpTestSuite() { server = new crm_server(); }
  static void TearDownTestSuite() { delete server; }
  static crm_server* server;
};
crm_server* security::server = nullptr;

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

// A request written byte for byte, answered on a connection of its own.
std::string exchange(const std::string& request, std::chrono::milliseconds wait = std::chrono::seconds(5)) {
  raw_connection connection(security::server->port());
  connection.send(request);
  return connection.read_until_closed(wait);
}

void expect_refused_without_internal_text(const std::string& request, int status) {
  auto response = exchange(request);
  EXPECT_EQ(status_of(response), status) << request << "\n->\n" << response;
  for (const char* internal : {"basic_string", "stoull", "_M_", "what()", "std::"})
    EXPECT_EQ(response.find(internal), std::string::npos) << response;
  expect_alive();
}

TEST_F(security, content_lengths_pistache_misread_are_a_400_in_our_words) {
  for (const char* length : {"-1", "99999999999999999999", "1e3", "0x10", ""}) {
    SCOPED_TRACE(length);
    expect_refused_without_internal_text(std::string("POST /api/auth/login HTTP/1.1\r\nHost: crm\r\n"
                                                     "Content-Type: application/json\r\nContent-Length: ") +
                                             length + "\r\n\r\n{}",
                                         400);
  }
  auto response = exchange("POST /api/auth/login HTTP/1.1\r\nHost: crm\r\nContent-Length: -1\r\n\r\n");
  EXPECT_EQ(json_string(response.substr(response.find("\r\n\r\n") + 4), "code"), "bad_request");
}

TEST_F(security, two_different_content_lengths_are_refused_so_no_proxy_disagrees_on_the_request_end) {
  expect_refused_without_internal_text(
      "POST /api/auth/login HTTP/1.1\r\nHost: crm\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}", 400);
  // The same length twice says one thing and is accepted.
  auto same = exchange(
      "POST /api/auth/login HTTP/1.1\r\nHost: crm\r\nConnection: close\r\n"
      "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
      std::chrono::seconds(2));
  EXPECT_EQ(status_of(same), 400) << same;  // refused for what it says: no email
  EXPECT_NE(same.find("email"), std::string::npos) << same;
}

TEST_F(security, malformed_header_lines_are_a_400) {
  expect_refused_without_internal_text("GET /healthz HTTP/1.1\r\nHost: crm\r\nno colon here\r\n\r\n", 400);
  const char nul_in_value[] = "GET /healthz HTTP/1.1\r\nHost: crm\r\nX-A: a\0b\r\n\r\n";
  expect_refused_without_internal_text(std::string(nul_in_value, sizeof nul_in_value - 1), 400);
  expect_refused_without_internal_text(
      "POST /api/auth/login HTTP/1.1\r\nHost: crm\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 411);
}

TEST_F(security, a_declared_body_over_the_limit_is_refused_before_it_is_read) {
  auto response = exchange(
      "POST /api/auth/login HTTP/1.1\r\nHost: crm\r\nContent-Type: application/json\r\n"
      "Content-Length: 5000000\r\n\r\n{");
  EXPECT_EQ(status_of(response), 413) << response;
  EXPECT_NE(response.find("payload_too_large"), std::string::npos) << response;
  expect_alive();
}

TEST_F(security, dozens_of_slow_clients_do_not_stop_others_being_served) {
  std::vector<std::unique_ptr<raw_connection>> slow;
  for (int i = 0; i < 48; ++i) {
    slow.push_back(std::make_unique<raw_connection>(server->port()));
    slow.back()->send("POST /api/auth/login HTTP/1.1\r\nHost: crm\r\nContent-Le");
  }
  http_client other(server->base_url());
  other.use_token(server->client().token());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(other.request("GET", "/healthz").status, 200);
    EXPECT_EQ(other.request("GET", "/api/crm/contacts").status, 200);
  }
}

// A server whose connection limits are short enough to watch them work.
class connection_limits : public ::testing::Test {
public:
  static void SetUpTestSuite() {
    server_options options;
    options.env = {
        {"CRM_HEAD_TIMEOUT_SECONDS", "1"}, {"CRM_CONNECTION_IDLE_SECONDS", "2"}, {"CRM_MAX_CONNECTIONS", "8"}};
    server = new crm_server(options);
  }
  static void TearDownTestSuite() { delete server; }
  static crm_server* server;
};
crm_server* connection_limits::server = nullptr;

TEST_F(connection_limits, a_connection_that_never_sends_its_headers_is_closed) {
  raw_connection silent(server->port());
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.closed_within(std::chrono::seconds(6)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900)) << "closed before its time";
}

TEST_F(connection_limits, headers_trickling_in_byte_by_byte_do_not_keep_a_connection) {
  raw_connection trickle(server->port());
  std::string head = "GET /healthz HTTP/1.1\r\nHost: crm\r\nX-Slow: ";
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {  // one byte every 200 ms: 8 s if never cut off
    closed = !trickle.send(i < static_cast<int>(head.size()) ? head.substr(i, 1) : "a") ||
             trickle.closed_within(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(closed);
}

TEST_F(connection_limits, an_idle_keep_alive_connection_is_closed) {
  raw_connection idle(server->port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: crm\r\nConnection: keep-alive\r\n\r\n");
  auto first = idle.read_until_closed(std::chrono::milliseconds(500));
  EXPECT_EQ(status_of(first), 200) << first;
  EXPECT_TRUE(idle.closed_within(std::chrono::seconds(8)));
}

TEST_F(connection_limits, connections_beyond_the_limit_are_told_to_come_back) {
  std::vector<std::unique_ptr<raw_connection>> held;
  for (int i = 0; i < 8; ++i) held.push_back(std::make_unique<raw_connection>(server->port()));
  // Lets crmd accept and count the 8 before the ninth arrives; its count is not visible from
  // outside (a probe connection would be one more of them).
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  raw_connection one_too_many(server->port());
  auto refusal = one_too_many.read_until_closed(std::chrono::seconds(3));
  EXPECT_EQ(status_of(refusal), 503) << refusal;
  EXPECT_NE(refusal.find("too_many_connections"), std::string::npos) << refusal;
  held.clear();
  EXPECT_TRUE(eventually([&] { return http_client(server->base_url()).request("GET", "/healthz").status == 200; }));
}

}  // namespace
}  // namespace crm::testing
