// The simulator's REST API driven by the project's own twilio_client.

#include <cctype>

#include "sim_fixture.hpp"
#include "sim_test_support.hpp"

namespace crm::twilio_sim::testing {
namespace {

using rest_api = sim_fixture;

TEST_F(rest_api, create_then_fetch_returns_twilio_shapes) {
  auto c = client();
  auto request = text("+14155550100", "Hello from the CRM");
  request.media_urls = {"https://example.com/a.jpg", "https://example.com/b.png"};
  auto created = c.create_message(request);
  ASSERT_TRUE(created.ok()) << (created.error() ? created.error()->message : created.failure()->detail);
  const auto& m = *created.value();
  EXPECT_EQ(m.sid.size(), 34u);
  EXPECT_EQ(m.sid.substr(0, 2), "MM");
  EXPECT_EQ(m.status, "queued");
  EXPECT_EQ(m.direction, "outbound-api");
  EXPECT_EQ(m.from, "+15005550006");
  EXPECT_EQ(m.to, "+14155550100");
  EXPECT_EQ(m.body, "Hello from the CRM");
  EXPECT_EQ(m.num_segments_text, "1");
  EXPECT_EQ(m.num_media, 2);
  EXPECT_FALSE(m.price.has_value());
  EXPECT_EQ(m.price_unit, "USD");
  EXPECT_FALSE(m.error_code.has_value());
  EXPECT_TRUE(m.date_created_at.has_value()) << m.date_created;
  EXPECT_TRUE(m.date_sent.empty());
  EXPECT_EQ(m.account_sid, sim_->options().account_sid);
  EXPECT_EQ(m.uri, "/2010-04-01/Accounts/" + m.account_sid + "/Messages/" + m.sid + ".json");
  EXPECT_EQ(m.media_uri, "/2010-04-01/Accounts/" + m.account_sid + "/Messages/" + m.sid + "/Media.json");

  // The life plays without a callback URL too; the stored message ends delivered and priced.
  ASSERT_TRUE(eventually([&] {
    auto f = c.fetch_message(m.sid);
    return f.ok() && f.value()->status == "delivered";
  }));
  auto fetched = c.fetch_message(m.sid);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched.value()->sid, m.sid);
  EXPECT_EQ(fetched.value()->price, "-0.02000");  // MMS
  EXPECT_TRUE(fetched.value()->date_sent_at.has_value());
}

TEST_F(rest_api, raw_json_uses_strings_and_nulls_like_twilio) {
  auto c = client();
  auto created = c.create_message(text("+14155550101", std::string(161, 'a')));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created.value()->num_segments, 2);
  ASSERT_TRUE(eventually([&] { return c.fetch_message(created.value()->sid).value()->price.has_value(); }));
  EXPECT_EQ(c.fetch_message(created.value()->sid).value()->price, "-0.01580");
  auto all = http_call(sim_->base_url() + "/sim/messages");
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find(R"("num_segments":"2")"), std::string::npos) << all.body;
  EXPECT_NE(all.body.find(R"("price":"-0.01580")"), std::string::npos) << all.body;
  EXPECT_NE(all.body.find(R"("num_media":"0")"), std::string::npos);
  EXPECT_NE(all.body.find(R"("api_version":"2010-04-01")"), std::string::npos);
  EXPECT_NE(all.body.find(R"("subresource_uris":{"media":)"), std::string::npos);
  EXPECT_NE(all.body.find(R"("messaging_service_sid":null)"), std::string::npos);
}

TEST_F(rest_api, fetch_unknown_is_404_20404) {
  auto c = client();
  auto fetched = c.fetch_message("SM00000000000000000000000000000000");
  ASSERT_NE(fetched.error(), nullptr);
  EXPECT_EQ(fetched.error()->http_status, 404);
  EXPECT_EQ(fetched.error()->code, 20404);
  EXPECT_EQ(fetched.error()->more_info, "https://www.twilio.com/docs/errors/20404");
}

TEST_F(rest_api, wrong_credentials_are_401_20003) {
  twilio::twilio_client_config config;
  config.base_url = sim_->base_url();
  config.account_sid = sim_->options().account_sid;
  config.auth_token = "wrong";
  twilio::twilio_client bad(config);
  auto created = bad.create_message(text("+14155550100", "x"));
  ASSERT_NE(created.error(), nullptr);
  EXPECT_EQ(created.error()->http_status, 401);
  EXPECT_EQ(created.error()->code, 20003);
  config.auth_token = sim_->options().auth_token;
  config.account_sid = "AC99999999999999999999999999999999";
  twilio::twilio_client other_account(config);
  auto listed = other_account.list_messages({});
  ASSERT_NE(listed.error(), nullptr);
  EXPECT_EQ(listed.error()->code, 20003);
  EXPECT_EQ(http_call(sim_->base_url() + "/sim/messages").body, "[]");
}

TEST_F(rest_api, magic_numbers_give_their_errors) {
  auto c = client();
  struct magic {
    const char* from;
    const char* to;
    int code;
  };
  for (auto [from, to, code] :
       {magic{"+15005550001", "+14155550100", 21212}, magic{"+15005550007", "+14155550100", 21606},
        magic{"+15005550008", "+14155550100", 21611}, magic{"+15005550006", "+15005550001", 21211},
        magic{"+15005550006", "+15005550002", 21612}, magic{"+15005550006", "+15005550003", 21408},
        magic{"+15005550006", "+15005550004", 21610}, magic{"+15005550006", "+15005550009", 21614}}) {
    auto r = text(to, "magic");
    r.from = from;
    auto created = c.create_message(r);
    ASSERT_NE(created.error(), nullptr) << from << " " << to;
    EXPECT_EQ(created.error()->http_status, 400);
    EXPECT_EQ(created.error()->code, code) << from << " " << to;
    EXPECT_FALSE(created.error()->message.empty());
  }
  auto any_from = text("+14155550100", "ok");
  any_from.from = "+14155550999";
  EXPECT_TRUE(c.create_message(any_from).ok());
  EXPECT_TRUE(c.create_message(text("+14155550100", "ok")).ok());
  auto listed = c.list_messages({});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed.value()->messages.size(), 2u);  // refusals store nothing
}

TEST_F(rest_api, missing_fields_and_bad_callback_are_refused) {
  auto c = client();
  auto no_to = text("", "x");
  EXPECT_EQ(c.create_message(no_to).error()->code, 21604);
  auto no_from = text("+14155550100", "x");
  no_from.from.clear();
  EXPECT_EQ(c.create_message(no_from).error()->code, 21603);
  EXPECT_EQ(c.create_message(text("+14155550100", "")).error()->code, 21602);
  auto bad_callback = text("+14155550100", "x");
  bad_callback.status_callback = "not a url";
  EXPECT_EQ(c.create_message(bad_callback).error()->code, 21609);
  EXPECT_EQ(c.create_message(text("+14155550100", std::string(1601, 'a'))).error()->code, 21617);
  EXPECT_EQ(c.create_message(text("4155550100", "not E.164")).error()->code, 21211);
  EXPECT_EQ(c.create_message(text("+1 415 555 0100", "spaces")).error()->code, 21211);
  auto bad_from = text("+14155550100", "x");
  bad_from.from = "(415) 555-0100";
  EXPECT_EQ(c.create_message(bad_from).error()->code, 21212);
  auto alphanumeric = text("+447700900123", "from a name");
  alphanumeric.from = "RealtyCo";
  EXPECT_TRUE(c.create_message(alphanumeric).ok());
  auto service = text("+14155550100", "via service");
  service.from.clear();
  service.messaging_service_sid = "MG00000000000000000000000000000001";
  auto accepted = c.create_message(service);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted.value()->status, "accepted");
  EXPECT_EQ(accepted.value()->num_segments_text, "0");
  EXPECT_EQ(accepted.value()->messaging_service_sid, service.messaging_service_sid);
}

TEST_F(rest_api, list_pages_newest_first_following_next_page_uri) {
  auto c = client();
  std::vector<std::string> sids;
  for (int i = 0; i < 8; ++i) {
    auto created = c.create_message(text("+14155550123", "page " + std::to_string(i)));
    ASSERT_TRUE(created.ok());
    sids.push_back(created.value()->sid);
  }
  ASSERT_TRUE(c.create_message(text("+14155550999", "other recipient")).ok());
  twilio::list_messages_request request;
  request.to = "+14155550123";
  request.page_size = 3;
  auto page = c.list_messages(request);
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    ASSERT_TRUE(page.ok());
    ++pages;
    EXPECT_LE(page.value()->messages.size(), 3u);
    EXPECT_EQ(page.value()->page_size, 3);
    for (const auto& m : page.value()->messages) {
      EXPECT_EQ(m.to, "+14155550123");
      seen.push_back(m.sid);
    }
    if (!page.value()->next_page_uri) break;
    const std::string next = *page.value()->next_page_uri;
    EXPECT_EQ(next.rfind("/2010-04-01/Accounts/", 0), 0u) << next;
    EXPECT_NE(next.find("To=%2B14155550123"), std::string::npos) << next;
    // A message created between pages must not shift the following pages.
    if (pages == 1) {
      ASSERT_TRUE(c.create_message(text("+14155550123", "late")).ok());
    }
    page = c.next_page(next);
  }
  EXPECT_EQ(pages, 3);
  std::vector<std::string> newest_first(sids.rbegin(), sids.rend());
  EXPECT_EQ(seen, newest_first);
}

TEST_F(rest_api, list_filters_by_from_and_date_sent) {
  auto c = client();
  auto created = c.create_message(text("+14155550124", "dated"));
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(eventually([&] { return c.fetch_message(created.value()->sid).value()->status == "delivered"; }));
  auto sent_at = *c.fetch_message(created.value()->sid).value()->date_sent_at;
  std::string today = twilio::format_iso_date(sent_at);
  std::string yesterday = twilio::format_iso_date(sent_at - std::chrono::hours(24));
  std::string tomorrow = twilio::format_iso_date(sent_at + std::chrono::hours(24));
  auto count = [&](twilio::list_messages_request r) {
    r.to = "+14155550124";
    auto page = c.list_messages(r);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page.value()->messages.size() : 999u;
  };
  twilio::list_messages_request r;
  EXPECT_EQ(count(r), 1u);
  r.from = "+15005550006";
  EXPECT_EQ(count(r), 1u);
  r.from = "+15005550000";
  EXPECT_EQ(count(r), 0u);
  r = {};
  r.date_sent = today;
  EXPECT_EQ(count(r), 1u);
  r.date_sent = yesterday;
  EXPECT_EQ(count(r), 0u);
  r = {};
  r.date_sent_before = today;
  EXPECT_EQ(count(r), 1u);
  r.date_sent_before = yesterday;
  EXPECT_EQ(count(r), 0u);
  r = {};
  r.date_sent_after = today;
  EXPECT_EQ(count(r), 1u);
  r.date_sent_after = tomorrow;
  EXPECT_EQ(count(r), 0u);
  r = {};
  r.date_sent_after = twilio::format_iso8601(sent_at);
  EXPECT_EQ(count(r), 1u);
  r.page_size = 1001;
  auto too_big = c.list_messages(r);
  ASSERT_NE(too_big.error(), nullptr);
  EXPECT_EQ(too_big.error()->http_status, 400);
}

TEST_F(rest_api, keeps_http11_connections_alive) {
  auto c = client();
  auto a = http_call(sim_->base_url() + "/healthz");
  EXPECT_EQ(a.status, 200);
  std::string lower = a.headers;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_NE(lower.find("connection: keep-alive"), std::string::npos) << a.headers;
  // One client object makes several calls over one connection.
  CURL* curl = curl_easy_init();
  std::string sink;
  std::string url = sim_->base_url() + "/healthz";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  long connects = -1;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  EXPECT_EQ(connects, 0);  // the second request reused the first connection
  curl_easy_cleanup(curl);
}

TEST_F(rest_api, client_reuses_one_connection) {
  auto c = client();
  auto created = c.create_message(text("+14155550100", "one"));
  ASSERT_TRUE(created.ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.fetch_message(created.value()->sid).ok());
    ASSERT_TRUE(c.list_messages({}).ok());
  }
  EXPECT_NE(c.fetch_message("SM00000000000000000000000000000000").error(), nullptr);  // 404 keeps it
  ASSERT_TRUE(c.create_message(text("+14155550100", "two")).ok());
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(rest_api, reset_clears_messages) {
  auto c = client();
  ASSERT_TRUE(c.create_message(text("+14155550100", "x")).ok());
  EXPECT_NE(http_call(sim_->base_url() + "/sim/messages").body, "[]");
  EXPECT_EQ(http_post(sim_->base_url() + "/sim/reset", "").status, 200);
  EXPECT_EQ(http_call(sim_->base_url() + "/sim/messages").body, "[]");
}

TEST_F(rest_api, a_busy_port_is_an_error_not_a_crash) {
  twilio_sim_options options;
  options.port = sim_->port();
  twilio_sim second(options);
  std::string error;
  EXPECT_FALSE(second.start(&error));
  EXPECT_FALSE(error.empty());
  second.stop();
  EXPECT_EQ(http_call(sim_->base_url() + "/healthz").status, 200);
}

}  // namespace
}  // namespace crm::twilio_sim::testing
