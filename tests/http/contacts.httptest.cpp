// The contacts API against the real crmd and PostgreSQL: every endpoint, every error in
// api.md, read-your-writes, consent evidence, and uniqueness under concurrent creates.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <rapidjson/document.h>

#include "http/server_process.hpp"

namespace crm::testing {
namespace {

class contacts_api : public ::testing::Test {
protected:
  static void SetUpTestSuite() { server = new crm_server(); }
  static void TearDownTestSuite() { delete server; }
  http_client& api() { return server->client(); }
  static crm_server* server;
};
crm_server* contacts_api::server = nullptr;

std::string contact_body(const std::string& phone, const std::string& first = "Ann", const std::string& extra = "") {
  return "{\"firstName\":\"" + first + "\",\"lastName\":\"Lee\",\"phone\":\"" + phone + "\"" + extra + "}";
}

TEST_F(contacts_api, every_route_needs_a_session) {
  http_client anonymous(server->base_url());
  for (auto [method, path] : std::vector<std::pair<std::string, std::string>>{{"GET", "/api/crm/contacts"},
                                                                              {"POST", "/api/crm/contacts"},
                                                                              {"PUT", "/api/crm/contacts"},
                                                                              {"DELETE", "/api/crm/contacts?id=x"},
                                                                              {"GET", "/api/crm/contacts/x"},
                                                                              {"POST", "/api/crm/sms/segments"},
                                                                              {"GET", "/api/auth/me"}}) {
    auto r = anonymous.request(method, path, method == "GET" || method == "DELETE" ? "" : "{}");
    EXPECT_EQ(r.status, 401) << method << " " << path;
    EXPECT_EQ(json_string(r.body, "code"), "unauthenticated");
  }
  auto forged = anonymous.request("GET", "/api/crm/contacts", "", {"Authorization: Bearer " + std::string(64, 'a')});
  EXPECT_EQ(forged.status, 401);
}

TEST_F(contacts_api, sign_in_sets_a_strict_http_only_cookie_and_rejects_wrong_passwords) {
  http_client c(server->base_url());
  auto wrong = c.request("POST", "/api/auth/login", "{\"email\":\"admin@example.com\",\"password\":\"nope\"}");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(json_string(wrong.body, "error"), "Invalid email or password");
  auto unknown = c.request("POST", "/api/auth/login", "{\"email\":\"who@example.com\",\"password\":\"nope\"}");
  EXPECT_EQ(unknown.status, 401);
  auto ok = c.request("POST", "/api/auth/login",
                      std::string("{\"email\":\"") + crm_server::admin_email + "\",\"password\":\"" +
                          crm_server::admin_password + "\"}");
  ASSERT_EQ(ok.status, 200);
  auto cookie = ok.headers["set-cookie"];
  EXPECT_NE(cookie.find("crm_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(json_string(ok.body, "user/email"), crm_server::admin_email);
  auto token = json_string(ok.body, "token");
  EXPECT_EQ(token.size(), 64u);  // 256 bits, hex
  auto me = c.request("GET", "/api/auth/me", "", {"Cookie: crm_session=" + token});
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(c.request("GET", "/api/auth/me", "", {"Authorization: bearer " + token}).status, 200);  // any case
  // A change by cookie must come from the CRM's own pages (sign_in.httptest.cpp).
  EXPECT_EQ(c.request("POST", "/api/auth/logout", "", {"Cookie: crm_session=" + token}).status, 403);
  EXPECT_EQ(c.request("POST", "/api/auth/logout", "", {"Cookie: crm_session=" + token, "Origin: " + server->base_url()})
                .status,
            200);
  EXPECT_EQ(c.request("GET", "/api/auth/me", "", {"Cookie: crm_session=" + token}).status, 401);
}

TEST_F(contacts_api, create_normalises_the_phone_and_a_get_right_after_sees_it) {
  auto created = api().request("POST", "/api/crm/contacts",
                               contact_body("(760) 555-0142", "Ann", ",\"tags\":[\"buyer\"],\"status\":\"qualified\""));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json_string(created.body, "message"), "Contact created successfully");
  EXPECT_EQ(json_string(created.body, "contact/phone"), "+17605550142");
  auto id = json_string(created.body, "contact/_id");
  auto fetched = api().request("GET", "/api/crm/contacts/" + id);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(json_string(fetched.body, "contact/firstName"), "Ann");
  EXPECT_EQ(json_string(fetched.body, "contact/status"), "qualified");
  auto listed = api().request("GET", "/api/crm/contacts?search=760-555-0142");
  EXPECT_EQ(json_number(listed.body, "pagination/total"), 1) << listed.body;
  auto by_name = api().request("GET", "/api/crm/contacts?search=ann%20lee&tag=buyer&status=qualified");
  EXPECT_EQ(json_number(by_name.body, "pagination/total"), 1) << by_name.body;
}

TEST_F(contacts_api, the_created_contact_in_the_201_is_the_one_a_get_returns) {
  auto created = api().request("POST", "/api/crm/contacts",
                               contact_body("+17605550660", "Gus",
                                            ",\"tags\":[\"seller\"],\"address\":{\"city\":\"Vista\"},"
                                            "\"preferences\":{\"smsOptIn\":true}"));
  ASSERT_EQ(created.status, 201) << created.body;
  auto fetched = api().request("GET", "/api/crm/contacts/" + json_string(created.body, "contact/_id"));
  ASSERT_EQ(fetched.status, 200);
  rapidjson::Document a, b;
  a.Parse(created.body.c_str());
  b.Parse(fetched.body.c_str());
  ASSERT_TRUE(a.IsObject() && b.IsObject());
  EXPECT_TRUE(a["contact"] == b["contact"]) << created.body << "\n" << fetched.body;  // members in any order
  EXPECT_EQ(json_string(created.body, "contact/consent/consentIp"), "127.0.0.1");
}

TEST_F(contacts_api, input_errors_are_400s_naming_the_field_and_change_nothing) {
  auto before = json_number(api().request("GET", "/api/crm/contacts?limit=1").body, "pagination/total");
  auto bad_phone = api().request("POST", "/api/crm/contacts", contact_body("12"));
  EXPECT_EQ(bad_phone.status, 400);
  EXPECT_EQ(json_string(bad_phone.body, "error"), "Phone number must be in E.164 format (e.g., +17605551234)");
  auto letters = api().request("POST", "/api/crm/contacts", contact_body("+1 800 FLOWERS"));
  EXPECT_EQ(letters.status, 400);
  auto missing = api().request("POST", "/api/crm/contacts", "{\"firstName\":\"A\",\"phone\":\"+17605550100\"}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json_string(missing.body, "field"), "lastName");
  EXPECT_NE(json_string(missing.body, "error").find("lastName"), std::string::npos);
  auto malformed = api().request("POST", "/api/crm/contacts", "{\"firstName\": ");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(json_string(malformed.body, "success"), "");
  auto bad_status = api().request("POST", "/api/crm/contacts",
                                  contact_body("+17605550101", "A", ",\"status\":\"vip\""));
  EXPECT_EQ(bad_status.status, 400);
  EXPECT_EQ(json_string(bad_status.body, "field"), "status");
  auto bad_tags = api().request("POST", "/api/crm/contacts", contact_body("+17605550102", "A", ",\"tags\":\"x\""));
  EXPECT_EQ(bad_tags.status, 400);
  auto huge = api().request("POST", "/api/crm/contacts",
                            contact_body("+17605550103", "A", ",\"notes\":\"" + std::string(1100 * 1024, 'x') + "\""));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(api().request("GET", "/api/crm/contacts?limit=0").status, 400);
  EXPECT_EQ(api().request("GET", "/api/crm/contacts?smsOptIn=maybe").status, 400);
  EXPECT_EQ(json_number(api().request("GET", "/api/crm/contacts?limit=1").body, "pagination/total"), before);
}

// PostgreSQL stores neither NUL nor malformed UTF-8; unchecked, such input would fail in the event
// log as a 503 quoting PostgreSQL. It is a 400 that says what to fix, before anything is decided.
TEST_F(contacts_api, text_that_cannot_be_stored_is_a_400_and_changes_nothing) {
  auto before = json_number(api().request("GET", "/api/crm/contacts?limit=1").body, "pagination/total");
  auto nul = api().request("POST", "/api/crm/contacts", contact_body("+17605550104", "A\\u0000n"));
  EXPECT_EQ(nul.status, 400) << nul.body;
  EXPECT_EQ(json_string(nul.body, "code"), "invalid_text");
  EXPECT_NE(json_string(nul.body, "error").find("NUL"), std::string::npos) << nul.body;
  auto nul_in_notes = api().request("POST", "/api/crm/contacts",
                                    contact_body("+17605550105", "Ann", ",\"notes\":\"x\\u0000\""));
  EXPECT_EQ(nul_in_notes.status, 400) << nul_in_notes.body;
  auto latin1 = api().request("POST", "/api/crm/contacts", contact_body("+17605550106", "Jos\xe9"));
  EXPECT_EQ(latin1.status, 400) << latin1.body;
  EXPECT_NE(json_string(latin1.body, "error").find("UTF-8"), std::string::npos) << latin1.body;
  auto bad_query = api().request("GET", "/api/crm/contacts?search=%FF");
  EXPECT_EQ(bad_query.status, 400) << bad_query.body;
  EXPECT_NE(json_string(bad_query.body, "error").find("'search'"), std::string::npos) << bad_query.body;
  // An escaped backslash before "u0000" is text, not a NUL, and so are real non-ASCII letters.
  auto backslash = api().request("POST", "/api/crm/contacts",
                                 contact_body("+17605550107", "Jos\xc3\xa9", ",\"notes\":\"C:\\\\u0000\""));
  ASSERT_EQ(backslash.status, 201) << backslash.body;
  EXPECT_EQ(json_string(backslash.body, "contact/notes"), "C:\\u0000");
  EXPECT_EQ(json_string(backslash.body, "contact/firstName"), "Jos\xc3\xa9");
  EXPECT_EQ(json_number(api().request("GET", "/api/crm/contacts?limit=1").body, "pagination/total"), before + 1);
}

TEST_F(contacts_api, a_duplicate_phone_in_any_format_is_409) {
  ASSERT_EQ(api().request("POST", "/api/crm/contacts", contact_body("+1 760 555 0200")).status, 201);
  auto dup = api().request("POST", "/api/crm/contacts", contact_body("760.555.0200", "Bob"));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(json_string(dup.body, "error"), "Contact with this phone number already exists");
}

TEST_F(contacts_api, update_merges_fields_and_moves_the_number) {
  auto id = json_string(api()
                            .request("POST", "/api/crm/contacts",
                                     contact_body("+17605550300", "Cat", ",\"address\":{\"street\":\"1 Main\"}"))
                            .body,
                        "contact/_id");
  auto updated = api().request("PUT", "/api/crm/contacts",
                               "{\"_id\":\"" + id + "\",\"address\":{\"city\":\"Vista\"},\"phone\":\"760-555-0301\"}");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(json_string(updated.body, "message"), "Contact updated successfully");
  EXPECT_EQ(json_string(updated.body, "contact/address/street"), "1 Main");
  EXPECT_EQ(json_string(updated.body, "contact/address/city"), "Vista");
  EXPECT_EQ(json_string(updated.body, "contact/phone"), "+17605550301");
  // The old number is free again, the new one is taken.
  EXPECT_EQ(api().request("POST", "/api/crm/contacts", contact_body("+17605550300", "Dan")).status, 201);
  EXPECT_EQ(api().request("POST", "/api/crm/contacts", contact_body("+17605550301", "Eve")).status, 409);
  EXPECT_EQ(api().request("PUT", "/api/crm/contacts", "{\"firstName\":\"x\"}").status, 400);
  EXPECT_EQ(
      api()
          .request("PUT", "/api/crm/contacts", "{\"_id\":\"00000000-0000-4000-8000-000000000000\",\"firstName\":\"x\"}")
          .status,
      404);
  EXPECT_EQ(api().request("PUT", "/api/crm/contacts", "{\"_id\":\"" + id + "\",\"phone\":\"abc\"}").status, 400);
}

TEST_F(contacts_api, opting_in_records_consent_with_time_ip_and_agent) {
  auto created = api().request("POST", "/api/crm/contacts",
                               contact_body("+17605550400", "Fay", ",\"preferences\":{\"smsOptIn\":true}"),
                               {"User-Agent: consent-test/1.0"});
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(json_string(created.body, "contact/consent/consentIp"), "127.0.0.1");
  EXPECT_FALSE(json_string(created.body, "contact/consent/consentDate").empty());
  auto id = json_string(created.body, "contact/_id");
  EXPECT_EQ(
      json_number(api().request("GET", "/api/crm/contacts?smsOptIn=true&search=7605550400").body, "pagination/total"),
      1);
  auto revoked = api().request("PUT", "/api/crm/contacts",
                               "{\"_id\":\"" + id + "\",\"preferences\":{\"smsOptIn\":false}}");
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(
      json_number(api().request("GET", "/api/crm/contacts?smsOptIn=true&search=7605550400").body, "pagination/total"),
      0);
}

TEST_F(contacts_api, delete_removes_the_contact_and_frees_the_number) {
  auto id = json_string(api().request("POST", "/api/crm/contacts", contact_body("+17605550500")).body, "contact/_id");
  auto deleted = api().request("DELETE", "/api/crm/contacts?id=" + id);
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(json_string(deleted.body, "message"), "Contact deleted successfully");
  EXPECT_EQ(api().request("GET", "/api/crm/contacts/" + id).status, 404);
  EXPECT_EQ(api().request("DELETE", "/api/crm/contacts?id=" + id).status, 404);
  EXPECT_EQ(api().request("DELETE", "/api/crm/contacts").status, 400);
  EXPECT_EQ(api().request("GET", "/api/crm/contacts/not-a-uuid").status, 404);
  EXPECT_EQ(api().request("POST", "/api/crm/contacts", contact_body("+17605550500", "New")).status, 201);
}

TEST_F(contacts_api, actors_passivate_and_come_back_with_their_state) {
  auto id = json_string(api().request("POST", "/api/crm/contacts", contact_body("+17605550600")).body, "contact/_id");
  // Time passing is what is tested: the actors stay idle past the test server's 500 ms limit
  // (CRM_ACTOR_IDLE_MS) and passivate, which nothing over HTTP shows to poll for.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto updated = api().request("PUT", "/api/crm/contacts", "{\"_id\":\"" + id + "\",\"notes\":\"called\"}");
  EXPECT_EQ(updated.status, 200);
  EXPECT_EQ(json_string(updated.body, "contact/notes"), "called");
  EXPECT_EQ(api().request("POST", "/api/crm/contacts", contact_body("+17605550600", "Dup")).status, 409);
}

// A thread actor starts without reading its stream and creates optimistically on an empty
// one; a number with history (here: held, then freed) makes that append conflict, and the
// actor reads the stream and decides again.
TEST_F(contacts_api, a_freed_number_can_be_taken_again_after_its_thread_passivated) {
  auto id = json_string(api().request("POST", "/api/crm/contacts", contact_body("+17605550650")).body, "contact/_id");
  ASSERT_EQ(api().request("DELETE", "/api/crm/contacts?id=" + id).status, 200);
  // Time passing is what is tested: the thread's actor stays idle past the test server's 500 ms
  // limit (CRM_ACTOR_IDLE_MS) and passivates, which nothing over HTTP shows to poll for.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto again = api().request("POST", "/api/crm/contacts", contact_body("760 555 0650", "Again"));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(json_string(again.body, "contact/firstName"), "Again");
  EXPECT_EQ(api().request("POST", "/api/crm/contacts", contact_body("+17605550650", "Third")).status, 409);
  auto listed = api().request("GET", "/api/crm/contacts?search=7605550650");
  EXPECT_EQ(json_number(listed.body, "pagination/total"), 1) << listed.body;
}

TEST_F(contacts_api, fifty_concurrent_creates_with_distinct_phones_all_land) {
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i)
    threads.emplace_back([&, i] {
      http_client c(server->base_url());
      c.use_token(server->client().token());
      auto r = c.request("POST", "/api/crm/contacts",
                         contact_body("+1619555" + std::to_string(1000 + i), "P" + std::to_string(i)));
      if (r.status == 201) ++created;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 50);
  EXPECT_EQ(json_number(api().request("GET", "/api/crm/contacts?search=619555").body, "pagination/total"), 50);
}

TEST_F(contacts_api, twenty_concurrent_creates_of_one_phone_give_one_success_and_nineteen_409s) {
  std::atomic<int> created{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&, i] {
      http_client c(server->base_url());
      c.use_token(server->client().token());
      // Every format of the same number.
      const char* formats[] = {"+18585550700", "(858) 555-0700", "858.555.0700", "1 858 555 0700"};
      auto r = c.request("POST", "/api/crm/contacts", contact_body(formats[i % 4], "Q" + std::to_string(i)));
      if (r.status == 201) ++created;
      if (r.status == 409) ++conflicts;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, 19);
}

TEST_F(contacts_api, pagination_reports_total_and_has_more) {
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(api()
                  .request("POST", "/api/crm/contacts",
                           contact_body("+1442555" + std::to_string(1000 + i), "Page", ",\"tags\":[\"paged\"]"))
                  .status,
              201);
  auto first = api().request("GET", "/api/crm/contacts?tag=paged&limit=2&skip=0");
  EXPECT_EQ(json_number(first.body, "pagination/total"), 5);
  EXPECT_NE(first.body.find("\"hasMore\":true"), std::string::npos);
  auto last = api().request("GET", "/api/crm/contacts?tag=paged&limit=2&skip=4");
  EXPECT_NE(last.body.find("\"hasMore\":false"), std::string::npos);
}

TEST_F(contacts_api, http_1_1_clients_keep_their_connection) {
  http_client c(server->base_url());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  EXPECT_EQ(c.connections_opened(), 0);  // counted per transfer: 0 new connections after the first
}

TEST_F(contacts_api, health_readiness_and_metrics) {
  EXPECT_EQ(api().request("GET", "/healthz").status, 200);
  auto ready = api().request("GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  auto metrics = api().request("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("crm_projection_position"), std::string::npos);
  EXPECT_EQ(api().request("GET", "/api/crm/nope").status, 404);
}

TEST_F(contacts_api, the_segment_counter_answers_per_api_md) {
  auto r = api().request("POST", "/api/crm/sms/segments", "{\"body\":\"" + std::string(161, '1') + "\"}");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json_string(r.body, "encoding"), "GSM-7");
  EXPECT_EQ(json_number(r.body, "segments"), 2);
  auto emoji = api().request("POST", "/api/crm/sms/segments", "{\"body\":\"Hi \\u201cthere\\u201d\"}");
  EXPECT_EQ(json_string(emoji.body, "encoding"), "UCS-2");
  EXPECT_EQ(json_string(emoji.body, "smartEncoded/encoding"), "GSM-7");
  EXPECT_EQ(api().request("POST", "/api/crm/sms/segments", "{}").status, 400);
}

}  // namespace
}  // namespace crm::testing
