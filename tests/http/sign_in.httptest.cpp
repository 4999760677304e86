// Sign-in and browsers on a public address: password guessing is throttled, sessions end when
// idle or on request, and a page on another site cannot act with the user's cookie.

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "http/server_process.hpp"

namespace crm::testing {
namespace {

std::string credentials(const std::string& email, const std::string& password) {
  return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
}

// Its own server: the throttle holds back every sign-in from 127.0.0.1 while it waits.
class sign_in_throttle : public ::testing::Test {
public:
  static void SetUpTestSuite() { server = new crm_server(); }
  static void TearDownTestSuite() { delete server; }
  static crm_server* server;
};
crm_server* sign_in_throttle::server = nullptr;

TEST_F(sign_in_throttle, five_wrong_passwords_then_a_growing_wait_that_a_success_clears) {
  http_client c(server->base_url());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(
        c.request("POST", "/api/auth/login", credentials(crm_server::admin_email, "guess " + std::to_string(i))).status,
        401);
  // Even the right password waits now: a guesser learns nothing from trying it.
  auto held = c.request("POST", "/api/auth/login", credentials(crm_server::admin_email, crm_server::admin_password));
  EXPECT_EQ(held.status, 429);
  EXPECT_EQ(json_string(held.body, "code"), "too_many_attempts");
  ASSERT_FALSE(held.headers["retry-after"].empty());
  EXPECT_EQ(held.headers["retry-after"], "1");
  // After the wait the real user gets in, and the slate is clean. The wait is what is tested: a
  // sign-in tried during it would count as one more failure.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(
      c.request("POST", "/api/auth/login", credentials(crm_server::admin_email, crm_server::admin_password)).status,
      200);
  EXPECT_EQ(c.request("POST", "/api/auth/login", credentials(crm_server::admin_email, "wrong again")).status, 401);

  // An account that does not exist is throttled the same way: the answers do not tell.
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(c.request("POST", "/api/auth/login", credentials("nobody@example.com", "x")).status, 401);
  auto unknown = c.request("POST", "/api/auth/login", credentials("nobody@example.com", "x"));
  EXPECT_EQ(unknown.status, 429) << "the address has failed 5 times now: " << unknown.body;
  // The wait doubles with each further failure. Past the first wait (1 s, what is tested):
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(c.request("POST", "/api/auth/login", credentials("nobody@example.com", "y")).status, 401);
  auto doubled = c.request("POST", "/api/auth/login", credentials("nobody@example.com", "z"));
  EXPECT_EQ(doubled.status, 429);
  EXPECT_EQ(doubled.headers["retry-after"], "2");
}

class sessions_and_browsers : public ::testing::Test {
public:
  static void SetUpTestSuite() {
    server_options options;
    options.env = {{"CRM_SESSION_IDLE_HOURS", "0.001"}};  // 3.6 s
    server = new crm_server(options);
  }
  static void TearDownTestSuite() { delete server; }
  static std::string new_session() {
    http_client c(server->base_url());
    auto r = c.request("POST", "/api/auth/login", credentials(crm_server::admin_email, crm_server::admin_password));
    return json_string(r.body, "token");
  }
  static crm_server* server;
};
crm_server* sessions_and_browsers::server = nullptr;

TEST_F(sessions_and_browsers, a_session_unused_for_the_idle_limit_ends_and_use_keeps_it) {
  auto token = new_session();
  http_client c(server->base_url());
  c.use_token(token);
  for (int i = 0; i < 4; ++i) {  // 4.8 s of use, 1.2 s apart: longer than the limit, never idle that long
    EXPECT_EQ(c.request("GET", "/api/auth/me").status, 200) << i;
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // use, never idle as long as the limit
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(4000));  // idle past the 3.6 s limit: what is tested
  EXPECT_EQ(c.request("GET", "/api/auth/me").status, 401);
}

TEST_F(sessions_and_browsers, logout_all_ends_every_session_of_the_user) {
  auto laptop = new_session(), phone = new_session();
  http_client c(server->base_url());
  c.use_token(laptop);
  ASSERT_EQ(c.request("GET", "/api/auth/me").status, 200);
  EXPECT_EQ(c.request("POST", "/api/auth/logout-all").status, 200);
  EXPECT_EQ(c.request("GET", "/api/auth/me").status, 401);
  c.use_token(phone);
  EXPECT_EQ(c.request("GET", "/api/auth/me").status, 401);
}

TEST_F(sessions_and_browsers, a_cookie_change_from_another_site_is_refused_and_changes_nothing) {
  auto cookie = "Cookie: crm_session=" + new_session();
  http_client browser(server->base_url());
  const std::string contact =
      "{\"firstName\":\"Eve\",\"lastName\":\"Forged\",\"phone\":\"+17605553001\","
      "\"preferences\":{\"smsOptIn\":true}}";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "application/json"}) {
    auto forged = browser.request("POST", "/api/crm/contacts", contact, {cookie, "Origin: http://evil.example"}, type);
    EXPECT_EQ(forged.status, 403) << type;
    EXPECT_EQ(json_string(forged.body, "code"), "bad_origin");
  }
  EXPECT_EQ(browser.request("POST", "/api/crm/contacts", contact, {cookie}).status, 403)
      << "no Origin, no Sec-Fetch-Site";
  EXPECT_EQ(browser.request("POST", "/api/crm/contacts", contact, {cookie, "Sec-Fetch-Site: cross-site"}).status, 403);
  auto listed = browser.request("GET", "/api/crm/contacts?search=Forged", "", {cookie});
  EXPECT_EQ(json_number(listed.body, "pagination/total"), 0) << listed.body;

  // From our own page: JSON only.
  auto own = "Origin: " + server->base_url();
  auto text = browser.request("POST", "/api/crm/contacts", contact, {cookie, own}, "text/plain");
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(json_string(text.body, "code"), "unsupported_media_type");
  EXPECT_EQ(browser.request("POST", "/api/crm/contacts", contact, {cookie, own}).status, 201);
  EXPECT_EQ(browser.request("DELETE", "/api/crm/contacts?id=x", "", {cookie, "Sec-Fetch-Site: same-origin"}).status,
            404)
      << "same-origin without Origin is let through (and finds no such contact)";

  // A script with a Bearer token is no browser: Origin does not matter, JSON still does.
  http_client script(server->base_url());
  script.use_token(new_session());
  auto other = "{\"firstName\":\"Sam\",\"lastName\":\"Script\",\"phone\":\"+17605553002\"}";
  EXPECT_EQ(script.request("POST", "/api/crm/contacts", other, {"Origin: http://evil.example"}).status, 201);
  EXPECT_EQ(script.request("POST", "/api/crm/contacts", other, {}, "text/plain").status, 415);
}

TEST_F(sessions_and_browsers, responses_carry_the_browser_security_headers) {
  http_client c(server->base_url());
  auto page = c.request("GET", "/");
  EXPECT_NE(page.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_NE(page.headers["content-security-policy"].find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(page.headers["content-security-policy"].find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(page.headers["referrer-policy"], "same-origin");
  EXPECT_EQ(page.headers["x-content-type-options"], "nosniff");
  auto api = c.request("GET", "/api/auth/me");
  EXPECT_EQ(api.headers["cache-control"], "no-store");
  EXPECT_EQ(api.headers["x-content-type-options"], "nosniff");
  EXPECT_TRUE(api.headers["strict-transport-security"].empty()) << "not over https";
  auto login = c.request("POST", "/api/auth/login", credentials(crm_server::admin_email, crm_server::admin_password));
  EXPECT_EQ(login.headers["set-cookie"].find("Secure"), std::string::npos);
}

TEST(sign_in_over_https, the_cookie_is_secure_and_responses_ask_for_https) {
  server_options options;
  options.env = {{"PUBLIC_BASE_URL", "https://crm.example.com"}};
  crm_server server(options);
  http_client c(server.base_url());
  auto login = c.request("POST", "/api/auth/login", credentials(crm_server::admin_email, crm_server::admin_password));
  EXPECT_NE(login.headers["set-cookie"].find("; Secure"), std::string::npos) << login.headers["set-cookie"];
  EXPECT_EQ(login.headers["strict-transport-security"], "max-age=31536000");
  // Behind the TLS proxy the browser's Origin is the public one.
  auto cookie = "Cookie: crm_session=" + json_string(login.body, "token");
  EXPECT_EQ(c.request("POST", "/api/auth/logout", "", {cookie, "Origin: https://crm.example.com"}).status, 200);
}

}  // namespace
}  // namespace crm::testing
