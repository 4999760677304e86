// A public address: requests written to crash or confuse crmd, against the real binary.

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace crm::testing
