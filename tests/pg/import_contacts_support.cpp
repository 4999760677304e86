#include "import_contacts_support.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "actors/persist.hpp"
#include "domain/contact.hpp"
#include "domain/contact_fields.hpp"
#include "eventlog/uuid.hpp"

namespace crm::cli::import_test {

csv_file::csv_file(const std::string& content, const std::string& name)
    : dir_(std::filesystem::temp_directory_path() / ("import-" + eventlog::random_uuid())) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / name, std::ios::binary) << content;
  path_ = (dir_ / name).string();
}

std::string create_through_api_events(eventlog::event_store& store, const std::string& phone,
                                      std::int64_t thread_version) {
  auto id = eventlog::random_uuid();
  domain::contact_fields fields;
  fields.json = "{\"firstName\":\"Jo\",\"lastName\":\"Park\",\"phone\":\"" + phone + "\",\"status\":\"client\"}";
  fields.phone = phone;
  domain::actor_context ctx;
  ctx.user_id = "agent-1";
  ctx.now = "2026-01-05T10:00:00.000Z";
  auto decision = domain::decide_create(id, fields, ctx);
  eventlog::append_request request;
  actors::add_stream(request, actors::contact_stream(id), eventlog::expected::no_stream, decision.contact_events, ctx);
  actors::add_stream(request, actors::thread_stream(phone), thread_version, decision.thread_events, ctx);
  EXPECT_EQ(store.append(request).status, eventlog::append_status::ok);
  return id;
}

std::int64_t event_count(pqxx::connection& c) {
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT count(*) FROM events")[0].as<std::int64_t>();
}

std::int64_t links_on(pqxx::connection& c, const std::string& phone) {
  pqxx::read_transaction tx(c);
  return tx
      .exec_params1("SELECT count(*) FROM events WHERE stream_id = $1 AND type = 'ContactLinked'", "thread-" + phone)[0]
      .as<std::int64_t>();
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  return d;
}

}  // namespace crm::cli::import_test
