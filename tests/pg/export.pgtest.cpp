// crmctl export: every event as one JSON line, in position order, with the chain hash the
// database holds and the exact texts the hash covers.

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <rapidjson/document.h>

#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "support/crmctl_runner.hpp"
#include "support/test_database.hpp"

namespace crm::cli {
namespace {

using testing::command_result;
using testing::crmctl;

TEST(export_log, writes_every_event_in_position_order_with_its_hash) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  for (int i = 0; i < 10; ++i) {
    eventlog::append_request request;
    request.streams.push_back({"thread-+1760555100" + std::to_string(i % 3),
                               eventlog::expected::any,
                               {{eventlog::random_uuid(), "InboundMessageReceived",
                                 "{\"body\": \"caf\\u00e9 " + std::to_string(i) + "\"}", "{}"}}});
    ASSERT_EQ(store.append(request).status, eventlog::append_status::ok);
  }
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  auto result = crmctl(url, "export");
  ASSERT_EQ(result.status, 0);
  std::istringstream lines(result.output);
  std::string line;
  std::int64_t previous = 0;
  int count = 0;
  while (std::getline(lines, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    ASSERT_FALSE(d.HasParseError()) << line;
    auto position = d["position"].GetInt64();
    EXPECT_GT(position, previous);
    previous = position;
    auto stored = tx.exec_params1("SELECT encode(hash, 'hex'), data::text FROM events WHERE position = $1", position);
    EXPECT_STREQ(d["hash"].GetString(), stored[0].c_str());
    EXPECT_NE(line.find(std::string("\"data\":") + stored[1].c_str()), std::string::npos) << line;
    EXPECT_STREQ(d["type"].GetString(), "InboundMessageReceived");
    ++count;
  }
  EXPECT_EQ(count, 10);

  auto since = crmctl(url, "export --since 6");
  EXPECT_EQ(since.status, 0);
  EXPECT_EQ(std::count(since.output.begin(), since.output.end(), '\n'), 4);
  EXPECT_EQ(since.output.rfind("{\"position\":7,", 0), 0u) << since.output;
  EXPECT_EQ(crmctl(url, "export --since x").status, 2);
}

}  // namespace
}  // namespace crm::cli
