// The team over HTTP, against the real crmd: an administrator manages users, an agent may only
// read the list, a deactivated user is out at once, passwords change with the sessions they
// should end, and the operator's crmctl works on the same log.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "http/server_process.hpp"
#include "support/crmctl_runner.hpp"

namespace crm::testing {
namespace {

constexpr const char* agent_password = "a long agent passphrase";

std::string credentials(const std::string& email, const std::string& password) {
  return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
}

class users_api : public ::testing::Test {
public:
  static void SetUpTestSuite() { server = new crm_server(); }
  static void TearDownTestSuite() { delete server; }
  static crm_server* server;

protected:
  http_client& admin() { return server->client(); }

  // A new agent (a fresh email per test); returns its id.
  std::string add_agent(const std::string& email, const std::string& name = "Gus Agent") {
    auto r = admin().request("POST", "/api/crm/users",
                             "{\"email\":\"" + email + "\",\"name\":\"" + name +
                                 "\",\"role\":\"agent\",\"password\":\"" + agent_password + "\"}");
    EXPECT_EQ(r.status, 201) << r.body;
    return json_string(r.body, "user/_id");
  }

  long sign_in_status(const std::string& email, const std::string& password) {
    http_client c(server->base_url());
    return c.request("POST", "/api/auth/login", credentials(email, password)).status;
  }
};
crm_server* users_api::server = nullptr;

TEST_F(users_api, an_admin_adds_an_agent_who_signs_in_and_sees_the_team) {
  auto id = add_agent("gus@example.com");
  ASSERT_FALSE(id.empty());
  http_client agent(server->base_url());
  agent.sign_in("gus@example.com", agent_password);
  auto me = agent.request("GET", "/api/auth/me");
  EXPECT_EQ(json_string(me.body, "user/role"), "agent");
  EXPECT_EQ(json_string(me.body, "user/_id"), id);
  auto list = agent.request("GET", "/api/crm/users");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("\"email\":\"gus@example.com\""), std::string::npos) << list.body;
  EXPECT_NE(list.body.find(std::string("\"email\":\"") + crm_server::admin_email + "\""), std::string::npos);
  EXPECT_NE(list.body.find("\"active\":true"), std::string::npos);
  EXPECT_EQ(list.body.find("password"), std::string::npos) << "no credential leaves the server";
}

TEST_F(users_api, an_agent_may_not_manage_users) {
  add_agent("ida@example.com");
  http_client agent(server->base_url());
  agent.sign_in("ida@example.com", agent_password);
  auto create = agent.request("POST", "/api/crm/users",
                              R"({"email":"x@example.com","name":"X","role":"admin","password":"another long one"})");
  EXPECT_EQ(create.status, 403);
  EXPECT_EQ(json_string(create.body, "code"), "forbidden");
  auto me = json_string(agent.request("GET", "/api/auth/me").body, "user/_id");
  auto promote = agent.request("PUT", "/api/crm/users", "{\"_id\":\"" + me + "\",\"role\":\"admin\"}");
  EXPECT_EQ(promote.status, 403);
  EXPECT_EQ(json_string(agent.request("GET", "/api/auth/me").body, "user/role"), "agent");
  EXPECT_EQ(sign_in_status("x@example.com", "another long one"), 401);
}

TEST_F(users_api, bad_users_are_refused_with_the_field_named) {
  auto taken = admin().request("POST", "/api/crm/users",
                               std::string("{\"email\":\"") + "ADMIN@example.com" +
                                   "\",\"name\":\"Twin\",\"password\":\"" + agent_password + "\"}");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(json_string(taken.body, "code"), "email_taken");
  auto short_one = admin().request("POST", "/api/crm/users",
                                   R"({"email":"s@example.com","name":"S","password":"short"})");
  EXPECT_EQ(short_one.status, 400);
  EXPECT_EQ(json_string(short_one.body, "code"), "weak_password");
  EXPECT_EQ(json_string(short_one.body, "field"), "password");
  auto common = admin().request("POST", "/api/crm/users",
                                R"({"email":"c@example.com","name":"C","password":"1234567890"})");
  EXPECT_EQ(common.status, 400);
  EXPECT_NE(json_string(common.body, "error").find("common"), std::string::npos) << common.body;
  auto role = admin().request(
      "POST", "/api/crm/users",
      R"({"email":"r@example.com","name":"R","role":"owner","password":"a long agent passphrase"})");
  EXPECT_EQ(role.status, 400);
  EXPECT_EQ(json_string(role.body, "field"), "role");
  auto missing = admin().request("POST", "/api/crm/users", R"({"name":"M","password":"a long agent passphrase"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json_string(missing.body, "field"), "email");
  auto unknown = admin().request("PUT", "/api/crm/users",
                                 R"({"_id":"00000000-0000-4000-8000-000000000000","name":"N"})");
  EXPECT_EQ(unknown.status, 404);
  // None of them exists.
  auto list = admin().request("GET", "/api/crm/users").body;
  for (auto email : {"\"s@example.com\"", "\"c@example.com\"", "\"r@example.com\""})
    EXPECT_EQ(list.find(email), std::string::npos) << email;
}

TEST_F(users_api, the_last_active_admin_stays) {
  auto me = json_string(admin().request("GET", "/api/auth/me").body, "user/_id");
  auto off = admin().request("PUT", "/api/crm/users", "{\"_id\":\"" + me + "\",\"active\":false}");
  EXPECT_EQ(off.status, 409);
  EXPECT_EQ(json_string(off.body, "code"), "last_admin");
  auto demoted = admin().request("PUT", "/api/crm/users", "{\"_id\":\"" + me + "\",\"role\":\"agent\"}");
  EXPECT_EQ(demoted.status, 409);
  EXPECT_EQ(json_string(admin().request("GET", "/api/auth/me").body, "user/role"), "admin");
}

TEST_F(users_api, a_deactivated_agent_is_signed_out_at_once_and_kept_out_until_reactivated) {
  auto id = add_agent("dee@example.com");
  http_client agent(server->base_url());
  agent.sign_in("dee@example.com", agent_password);
  ASSERT_EQ(agent.request("GET", "/api/auth/me").status, 200);
  auto off = admin().request("PUT", "/api/crm/users", "{\"_id\":\"" + id + "\",\"active\":false}");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_NE(off.body.find("\"active\":false"), std::string::npos);
  EXPECT_EQ(agent.request("GET", "/api/auth/me").status, 401);
  EXPECT_EQ(sign_in_status("dee@example.com", agent_password), 401);
  EXPECT_NE(admin().request("GET", "/api/crm/users").body.find("\"email\":\"dee@example.com\""), std::string::npos)
      << "a deactivated user stays listed, its history attributed to it";
  ASSERT_EQ(admin().request("PUT", "/api/crm/users", "{\"_id\":\"" + id + "\",\"active\":true}").status, 200);
  EXPECT_EQ(sign_in_status("dee@example.com", agent_password), 200);
}

TEST_F(users_api, renaming_and_promoting_show_in_the_users_session_at_once) {
  auto id = add_agent("ren@example.com");
  http_client agent(server->base_url());
  agent.sign_in("ren@example.com", agent_password);
  auto r = admin().request("PUT", "/api/crm/users",
                           "{\"_id\":\"" + id + "\",\"name\":\"Ren Lead\",\"role\":\"admin\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  auto me = agent.request("GET", "/api/auth/me").body;
  EXPECT_EQ(json_string(me, "user/name"), "Ren Lead");
  EXPECT_EQ(json_string(me, "user/role"), "admin");
}

TEST_F(users_api, changing_ones_own_password_ends_the_other_sessions_but_not_this_one) {
  add_agent("pat@example.com");
  http_client here(server->base_url()), elsewhere(server->base_url());
  here.sign_in("pat@example.com", agent_password);
  elsewhere.sign_in("pat@example.com", agent_password);
  auto wrong = here.request("POST", "/api/auth/password",
                            R"({"currentPassword":"not it at all","newPassword":"a brand new passphrase"})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(json_string(wrong.body, "code"), "wrong_password");
  auto weak = here.request("POST", "/api/auth/password",
                           std::string("{\"currentPassword\":\"") + agent_password + "\",\"newPassword\":\"short\"}");
  EXPECT_EQ(json_string(weak.body, "field"), "newPassword");
  auto changed = here.request(
      "POST", "/api/auth/password",
      std::string("{\"currentPassword\":\"") + agent_password + "\",\"newPassword\":\"a brand new passphrase\"}");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(here.request("GET", "/api/auth/me").status, 200);
  EXPECT_EQ(elsewhere.request("GET", "/api/auth/me").status, 401);
  EXPECT_EQ(sign_in_status("pat@example.com", agent_password), 401);
  EXPECT_EQ(sign_in_status("pat@example.com", "a brand new passphrase"), 200);
}

TEST_F(users_api, an_admins_reset_ends_the_users_sessions) {
  auto id = add_agent("rex@example.com");
  http_client agent(server->base_url());
  agent.sign_in("rex@example.com", agent_password);
  auto reset = admin().request("PUT", "/api/crm/users", "{\"_id\":\"" + id + "\",\"password\":\"reset by the admin\"}");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(agent.request("GET", "/api/auth/me").status, 401);
  EXPECT_EQ(sign_in_status("rex@example.com", "reset by the admin"), 200);
}

TEST_F(users_api, the_operators_crmctl_works_on_the_same_team) {
  auto password_file = std::string(::testing::TempDir()) + "crm-user-password";
  std::ofstream(password_file) << "typed at the console\n";
  auto added = crmctl(server->database_url(), "users add ops@example.com 'Olive Ops' --role agent < " + password_file);
  ASSERT_EQ(added.status, 0) << added.output;
  auto twice = crmctl(server->database_url(), "users add OPS@example.com Other < " + password_file);
  EXPECT_EQ(twice.status, 1) << twice.output;
  EXPECT_NE(twice.output.find("exists already"), std::string::npos) << twice.output;
  // crmd's projector shows what crmctl wrote. (Polled on the list: failed sign-ins would count
  // towards the address's throttle.)
  EXPECT_TRUE(eventually(
      [&] { return admin().request("GET", "/api/crm/users").body.find("ops@example.com") != std::string::npos; }));
  auto list = crmctl(server->database_url(), "users list");
  EXPECT_NE(list.output.find("ops@example.com"), std::string::npos) << list.output;

  http_client ops(server->base_url());
  ops.sign_in("ops@example.com", "typed at the console");
  auto off = crmctl(server->database_url(), "users deactivate ops@example.com");
  ASSERT_EQ(off.status, 0) << off.output;
  // Another process's change reaches this instance's sessions within its recheck (5 s).
  EXPECT_TRUE(eventually([&] { return ops.request("GET", "/api/auth/me").status == 401; }, 15));
  EXPECT_EQ(crmctl(server->database_url(), "users deactivate nobody@example.com").status, 1);
  std::remove(password_file.c_str());
}

}  // namespace
}  // namespace crm::testing
