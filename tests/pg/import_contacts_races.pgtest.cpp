// crmctl import-contacts racing other writers. Two imports of one file at once create each
// contact once. In-process, a contact created for the same number while the import runs
// (crmd, say) makes the import's append conflict, and the import re-reads the thread instead
// of giving the number a second contact.

#include <future>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <rapidjson/document.h>

#include "domain/thread_events.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "import_contacts_support.hpp"
#include "support/crmctl_runner.hpp"
#include "support/test_database.hpp"
#include "tools/crmctl/import/contact_importer.hpp"

namespace crm::cli {
namespace {

using namespace import_test;
using testing::crmctl;

// Two imports of one file at once: whichever way their appends interleave, every number ends
// with one contact, and between them they create each contact once.
TEST(import_contacts, two_imports_of_one_file_at_once_never_give_a_number_two_contacts) {
  auto url = testing::fresh_database();
  std::string content = "firstName,lastName,phone\n";
  const int rows = 150;
  for (int i = 0; i < rows; ++i) content += "F" + std::to_string(i) + ",L,+1760555" + std::to_string(5000 + i) + "\n";
  csv_file file(content);
  auto first = std::async(std::launch::async,
                          [&] { return crmctl(url, "import-contacts " + file.path() + " --format json"); });
  auto second = std::async(std::launch::async,
                           [&] { return crmctl(url, "import-contacts " + file.path() + " --format json"); });
  auto a = parse(first.get().output), b = parse(second.get().output);
  ASSERT_TRUE(a.IsObject() && b.IsObject());
  EXPECT_EQ(a["summary"]["created"].GetInt() + b["summary"]["created"].GetInt(), rows);
  EXPECT_EQ(a["summary"]["skipped"].GetInt() + b["summary"]["skipped"].GetInt(), rows);
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM events WHERE type = 'ContactLinked'")[0].as<int>(), rows);
  EXPECT_EQ(tx.exec1("SELECT count(DISTINCT stream_id) FROM events WHERE type = 'ContactLinked'")[0].as<int>(), rows);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM events WHERE type = 'ContactCreated'")[0].as<int>(), rows);
}

csv_record record(int line, std::vector<std::string> fields) {
  csv_record r;
  r.line = line;
  r.fields = std::move(fields);
  return r;
}

import_settings settings_for(const std::vector<std::string>& header) {
  import_settings settings;
  settings.columns = std::get<column_map>(map_columns(header));
  settings.file = "leads.csv";
  settings.import_id = "import-test";
  return settings;
}

TEST(import_contacts, a_contact_created_meanwhile_for_the_number_makes_the_import_skip_it_not_duplicate_it) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  std::string crmd_contact;
  int conflicts = 0;
  auto log = log_of(store);
  auto real_append = log.append;
  // Between the import's read of the thread and its append, "crmd" creates a contact for the number.
  log.append = [&](const eventlog::append_request& request) {
    if (crmd_contact.empty()) crmd_contact = create_through_api_events(store, "+17605550501");
    auto result = real_append(request);
    if (result.status == eventlog::append_status::conflict) ++conflicts;
    return result;
  };
  contact_importer importer(log, settings_for({"firstName", "lastName", "phone", "smsOptIn", "consentDate"}));
  auto outcome = importer.import(record(2, {"Ann", "Lee", "7605550501", "yes", "2024-03-01"}), 2);
  EXPECT_EQ(conflicts, 1);
  EXPECT_EQ(outcome.result, row_outcome::kind::skipped);
  EXPECT_FALSE(outcome.consent_granted);
  EXPECT_EQ(outcome.code, "duplicate_phone");
  EXPECT_EQ(outcome.contact_id, crmd_contact);
  pqxx::connection c(url);
  EXPECT_EQ(links_on(c, "+17605550501"), 1);
  EXPECT_EQ(event_count(c), 2);  // crmd's two; none of the import's (no ContactCreated, no grant)
}

TEST(import_contacts, an_unrelated_event_on_the_thread_meanwhile_makes_the_import_decide_again_and_create) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  bool texted = false;
  int conflicts = 0;
  auto log = log_of(store);
  auto real_append = log.append;
  // The number texts in (no contact yet) between the import's read and its append.
  log.append = [&](const eventlog::append_request& request) {
    if (!texted) {
      texted = true;
      eventlog::append_request inbound;
      domain::events::inbound_message_received e;
      e.message_id = e.sid = "SM1";
      e.from = "+17605550502";
      e.body = "hello";
      e.received_at = "2026-11-25T18:00:00.000Z";
      auto encoded = domain::encode(domain::thread_event{e});
      inbound.streams.push_back({"thread-+17605550502",
                                 eventlog::expected::any,
                                 {{eventlog::random_uuid(), encoded.type, encoded.data, "{}"}}});
      EXPECT_EQ(store.append(inbound).status, eventlog::append_status::ok);
    }
    auto result = real_append(request);
    if (result.status == eventlog::append_status::conflict) ++conflicts;
    return result;
  };
  contact_importer importer(log, settings_for({"firstName", "lastName", "phone"}));
  auto outcome = importer.import(record(2, {"Ann", "Lee", "7605550502"}), 2);
  EXPECT_EQ(conflicts, 1);
  EXPECT_EQ(outcome.result, row_outcome::kind::created);
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  auto link = tx.exec1(
      "SELECT version, data->>'contactId' FROM events WHERE stream_id = 'thread-+17605550502' AND type = "
      "'ContactLinked'");
  EXPECT_EQ(link[0].as<int>(), 2);  // after the inbound text
  EXPECT_EQ(std::string(link[1].c_str()), outcome.contact_id);
}

}  // namespace
}  // namespace crm::cli
