// crmctl import-contacts: a CSV with good, malformed and duplicate rows becomes exactly the
// events an API create appends, with the file's consent evidence; a second run and a dry run
// write nothing; the read models show the imported contacts and their consent. Imports racing
// other writers: import_contacts_races.pgtest.cpp.

#include <string>

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <rapidjson/document.h>

#include "domain/contact_fields.hpp"
#include "domain/json_object.hpp"
#include "domain/phone_number.hpp"
#include "eventlog/event_store.hpp"
#include "import_contacts_support.hpp"
#include "projections/all_projections.hpp"
#include "projections/projector.hpp"
#include "support/crmctl_runner.hpp"
#include "support/test_database.hpp"

namespace crm::cli {
namespace {

using namespace import_test;
using testing::crmctl;

// Row numbers count the header as row 1; row 2's notes take two lines, so later rows start a line further down.
const std::string mixed_file =
    "\xEF\xBB\xBF"
    "First Name,LASTNAME,phone,email,status,tags,notes,city,state,smsOptIn,consentDate,consentSource,"
    "consentIp,consentWording,consentWordingVersion\r\n"
    "Ann,Lee,(760) 555-0101,ann@example.com,Qualified,buyer;vip,\"Wants 3 bd, \"\"quiet\"\" street\r\nCall after 5\","
    "Vista,CA,yes,2024-03-01T09:30:00-08:00,open house,10.1.2.3,,tcpa-v1\r\n"
    "Bob,Ray,760-555-0102,,,,,,,no,,,,,\r\n"
    "Cal,Orr,,,,,,,,,,,,,\r\n"
    "Dee,Fox,12345,,,,,,,,,,,,\r\n"
    "Eve,Ng,7605550105,,hot,,,,,,,,,,\r\n"
    "Fay,\"Li\"x,7605550106,,,,,,,,,,,,\r\n"
    "Gus,Ho,7605550107,,,,,,,true,2024-02-30,,,,\r\n"
    "Hal,Ito,7605550108,,,,,,,true,,,,,\r\n"
    "Ida,Kim,+1 760 555 0101,,,,,,,,,,,,\r\n"
    "Jo,Park,(760) 555-0100,,,,,,,,,,,,\r\n"
    "Kay,Lum,7605550103,,,,,,,1,2025-01-15,acme.com/signup,2001:db8::7,Text me about listings,acme-3\r\n";

TEST(import_contacts, creates_valid_rows_with_the_api_events_and_reports_every_other_row) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  auto existing = create_through_api_events(store, "+17605550100");
  csv_file file(mixed_file);

  auto run = crmctl(url, "import-contacts " + file.path());
  EXPECT_EQ(run.status, 1) << run.output;  // some rows rejected
  auto& out = run.output;
  for (auto line : {"row 2: created contact ", "row 3 (line 4): created contact ",
                    "row 4 (line 5): rejected: phone: phone is required",
                    "row 5 (line 6): rejected: phone: Phone number must be in E.164 format (e.g., +17605551234)",
                    "row 6 (line 7): rejected: status: status must be one of new, contacted, qualified, nurturing, "
                    "client, inactive",
                    "row 7 (line 8): rejected: text after the closing quote of field 2",
                    "row 8 (line 9): rejected: consentDate: consentDate must be an ISO 8601 date",
                    "row 9 (line 10): rejected: consentDate: consentDate is required when smsOptIn is true",
                    "row 10 (line 11): skipped, duplicate: +17605550101 is on row 2 of this file",
                    "row 12 (line 13): created contact ", "created 3, skipped 2, rejected 6 of 11 rows"})
    EXPECT_NE(out.find(line), std::string::npos) << line << "\n" << out;
  EXPECT_NE(out.find("row 11 (line 12): skipped, duplicate: +17605550100 is already on contact " + existing),
            std::string::npos)
      << out;

  pqxx::connection c(url);
  EXPECT_EQ(event_count(c), 2 + 3 + 2 + 3);  // the existing contact; Ann and Kay with consent; Bob without
  for (auto phone : {"+17605550100", "+17605550101", "+17605550102", "+17605550103"})
    EXPECT_EQ(links_on(c, phone), 1) << phone;
  {
    pqxx::read_transaction tx(c);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM streams WHERE stream_id IN ('thread-+17605550105', 'thread-+17605550106', "
                       "'thread-+17605550107', 'thread-+17605550108')")[0]
                  .as<int>(),
              0);
    // Ann: ContactCreated on her contact stream and the thread's events, in one transaction.
    auto rows = tx.exec(
        "SELECT stream_id, version, type, data::text, metadata::text, txid::text FROM events "
        "WHERE position > 2 ORDER BY position LIMIT 3");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(std::string(rows[0][2].c_str()), "ContactCreated");
    auto contact_id = std::string(rows[0][0].c_str()).substr(std::string("contact-").size());
    EXPECT_EQ(rows[0][1].as<int>(), 1);
    EXPECT_EQ(std::string(rows[1][0].c_str()), "thread-+17605550101");
    EXPECT_EQ(std::string(rows[1][2].c_str()), "ContactLinked");
    EXPECT_EQ(std::string(rows[2][2].c_str()), "ConsentGranted");
    EXPECT_EQ(rows[2][1].as<int>(), 2);
    EXPECT_EQ(std::string(rows[0][5].c_str()), rows[1][5].c_str());
    EXPECT_EQ(std::string(rows[0][5].c_str()), rows[2][5].c_str());
    auto created = parse(rows[0][3].c_str());
    EXPECT_STREQ(created["contact"]["status"].GetString(), "qualified");
    EXPECT_STREQ(created["contact"]["notes"].GetString(), "Wants 3 bd, \"quiet\" street\r\nCall after 5");
    EXPECT_EQ(created["contact"]["tags"].Size(), 2u);
    EXPECT_STREQ(created["contact"]["address"]["city"].GetString(), "Vista");
    EXPECT_TRUE(created["contact"]["preferences"]["smsOptIn"].GetBool());
    auto link = parse(rows[1][3].c_str());
    EXPECT_EQ(std::string(link["contactId"].GetString()), contact_id);
    auto grant = parse(rows[2][3].c_str());
    EXPECT_STREQ(grant["source"].GetString(), "import");
    EXPECT_EQ(std::string(grant["contactId"].GetString()), contact_id);
    EXPECT_STREQ(grant["at"].GetString(), "2024-03-01T17:30:00.000Z");
    EXPECT_STREQ(grant["consentSource"].GetString(), "open house");
    EXPECT_STREQ(grant["ip"].GetString(), "10.1.2.3");
    EXPECT_STREQ(grant["wordingVersion"].GetString(), "tcpa-v1");
    EXPECT_EQ(std::string(grant["wording"].GetString()), domain::consent_wording("tcpa-v1").value());
    EXPECT_STREQ(grant["importFile"].GetString(), "contacts.csv");
    EXPECT_EQ(grant["importRow"].GetInt(), 2);
    EXPECT_EQ(std::string(grant["importFileSha256"].GetString()).size(), 64u);
    auto metadata = parse(rows[0][4].c_str());
    EXPECT_EQ(std::string(metadata["requestId"].GetString()), grant["importId"].GetString());

    auto kay = parse(
        tx.exec1("SELECT data::text FROM events WHERE stream_id = 'thread-+17605550103' AND type = 'ConsentGranted'")[0]
            .c_str());
    EXPECT_STREQ(kay["wording"].GetString(), "Text me about listings");
    EXPECT_STREQ(kay["wordingVersion"].GetString(), "acme-3");
    EXPECT_STREQ(kay["ip"].GetString(), "2001:db8::7");
    EXPECT_EQ(kay["importRow"].GetInt(), 12);
    EXPECT_EQ(
        tx.exec1("SELECT count(*) FROM events WHERE stream_id = 'thread-+17605550102' AND type = 'ConsentGranted'")[0]
            .as<int>(),
        0);
  }

  // The read models, fed as crmd feeds them.
  projections::projector projector(url, projections::all_projections());
  projector.catch_up();
  {
    pqxx::read_transaction tx(c);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM contacts_view")[0].as<int>(), 4);
    auto ann = tx.exec1("SELECT sms_opt_in, status, doc::text FROM contacts_view WHERE phone = '+17605550101'");
    EXPECT_TRUE(ann[0].as<bool>());
    EXPECT_EQ(std::string(ann[1].c_str()), "qualified");
    auto doc = parse(ann[2].c_str());
    EXPECT_STREQ(doc["consent"]["consentDate"].GetString(), "2024-03-01T17:30:00.000Z");
    EXPECT_STREQ(doc["consent"]["consentIp"].GetString(), "10.1.2.3");
    EXPECT_STREQ(doc["consent"]["consentSource"].GetString(), "import");
    EXPECT_TRUE(doc["consent"]["tcpaConsent"].GetBool());
    auto bob = tx.exec1("SELECT sms_opt_in, doc::text FROM contacts_view WHERE phone = '+17605550102'");
    EXPECT_FALSE(bob[0].as<bool>());
    EXPECT_TRUE(parse(bob[1].c_str())["consent"]["consentDate"].IsNull());
    auto kay = parse(tx.exec1("SELECT doc::text FROM contacts_view WHERE phone = '+17605550103'")[0].c_str());
    EXPECT_STREQ(kay["consent"]["consentDate"].GetString(), "2025-01-15T00:00:00.000Z");
    EXPECT_STREQ(kay["consent"]["consentIp"].GetString(), "2001:db8::7");
  }

  // The same file again: every importable row is now a duplicate; nothing is written.
  auto before = event_count(c);
  auto again = crmctl(url, "import-contacts " + file.path());
  EXPECT_EQ(again.status, 1) << again.output;  // the malformed rows are still malformed
  EXPECT_NE(again.output.find("created 0, skipped 5, rejected 6 of 11 rows"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("row 2: skipped, duplicate: +17605550101 is already on contact "), std::string::npos)
      << again.output;
  EXPECT_EQ(event_count(c), before);
}

TEST(import_contacts, a_dry_run_reports_what_would_happen_and_writes_nothing) {
  auto url = testing::fresh_database();
  csv_file file(
      "firstName,lastName,phone,smsOptIn,consentDate\n"
      "Ann,Lee,7605550201,yes,2024-03-01\n"
      "Bob,Ray,7605550202,,\n"
      "Cal,Orr,(760) 555-0201,,\n"
      ",,,,\n");  // a spreadsheet's empty row: not a row
  auto dry = crmctl(url, "import-contacts --dry-run " + file.path());
  EXPECT_EQ(dry.status, 0) << dry.output;
  EXPECT_NE(dry.output.find("row 2: would create a contact for +17605550201 (Ann Lee), with consent"),
            std::string::npos)
      << dry.output;
  EXPECT_NE(dry.output.find("row 4: skipped, duplicate: +17605550201 is on row 2 of this file"), std::string::npos)
      << dry.output;
  EXPECT_NE(dry.output.find("would create 2, skipped 1, rejected 0 of 3 rows (dry run: nothing was written)"),
            std::string::npos)
      << dry.output;
  pqxx::connection c(url);
  EXPECT_EQ(event_count(c), 0);

  auto real = crmctl(url, "import-contacts " + file.path());
  EXPECT_EQ(real.status, 0) << real.output;
  EXPECT_NE(real.output.find("created 2, skipped 1, rejected 0 of 3 rows"), std::string::npos) << real.output;
  EXPECT_EQ(event_count(c), 2 + 3);
  auto after = crmctl(url, "import-contacts " + file.path() + " --dry-run");
  EXPECT_EQ(after.status, 0);
  EXPECT_NE(after.output.find("would create 0, skipped 3, rejected 0 of 3 rows"), std::string::npos) << after.output;
  EXPECT_EQ(event_count(c), 2 + 3);
}

TEST(import_contacts, json_output_has_a_result_per_row_and_the_summary) {
  auto url = testing::fresh_database();
  csv_file file(
      "firstName,lastName,phone,status,favourite colour\n"
      "Ann,Lee,7605550301,new,blue\n"
      "Bob,Ray,nope,new,red\n"
      "Cal,Orr,+17605550301,new,\n");
  auto run = crmctl(url, "import-contacts " + file.path() + " --format json");
  EXPECT_EQ(run.status, 1) << run.output;
  auto d = parse(run.output);
  ASSERT_FALSE(d.HasParseError()) << run.output;
  EXPECT_EQ(d["version"].GetInt(), 1);
  EXPECT_STREQ(d["file"].GetString(), "contacts.csv");
  EXPECT_FALSE(d["dryRun"].GetBool());
  EXPECT_STREQ(d["ignoredColumns"][0].GetString(), "favourite colour");
  auto& rows = d["rows"];
  ASSERT_EQ(rows.Size(), 3u);
  EXPECT_STREQ(rows[0]["result"].GetString(), "created");
  EXPECT_EQ(rows[0]["row"].GetInt(), 2);
  EXPECT_STREQ(rows[0]["phone"].GetString(), "+17605550301");
  EXPECT_FALSE(rows[0]["consentGranted"].GetBool());
  std::string id = rows[0]["contactId"].GetString();
  EXPECT_STREQ(rows[1]["result"].GetString(), "rejected");
  EXPECT_STREQ(rows[1]["field"].GetString(), "phone");
  EXPECT_STREQ(rows[1]["code"].GetString(), "invalid_phone");
  EXPECT_STREQ(rows[1]["message"].GetString(), domain::invalid_phone_message);
  EXPECT_STREQ(rows[2]["result"].GetString(), "skipped");
  EXPECT_STREQ(rows[2]["code"].GetString(), "duplicate_phone");
  EXPECT_EQ(rows[2]["duplicateOfRow"].GetInt(), 2);
  EXPECT_EQ(std::string(rows[2]["contactId"].GetString()), id);
  EXPECT_EQ(d["summary"]["rows"].GetInt(), 3);
  EXPECT_EQ(d["summary"]["created"].GetInt(), 1);
  EXPECT_EQ(d["summary"]["skipped"].GetInt(), 1);
  EXPECT_EQ(d["summary"]["rejected"].GetInt(), 1);
  EXPECT_TRUE(d["error"].IsNull());

  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  auto metadata = parse(
      tx.exec_params1("SELECT metadata::text FROM events WHERE stream_id = $1", "contact-" + id)[0].c_str());
  EXPECT_EQ(std::string(metadata["requestId"].GetString()), d["importId"].GetString());
}

TEST(import_contacts, usage_file_and_connection_errors_exit_2_and_write_nothing) {
  auto url = testing::fresh_database();
  csv_file good("firstName,lastName,phone\nAnn,Lee,7605550401\n");
  csv_file no_phone("firstName,lastName,email\nAnn,Lee,a@b.c\n");
  csv_file empty("");
  csv_file broken_header("firstName,\"lastName,phone\n");
  auto missing = crmctl(url, "import-contacts /nonexistent/contacts.csv");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("No such file or directory"), std::string::npos) << missing.output;
  auto header = crmctl(url, "import-contacts " + no_phone.path());
  EXPECT_EQ(header.status, 2);
  EXPECT_NE(header.output.find("the header row has no phone column"), std::string::npos) << header.output;
  EXPECT_EQ(crmctl(url, "import-contacts " + empty.path()).status, 2);
  EXPECT_EQ(crmctl(url, "import-contacts " + broken_header.path()).status, 2);
  EXPECT_EQ(crmctl(url, "import-contacts").status, 2);
  EXPECT_EQ(crmctl(url, "import-contacts " + good.path() + " --format xml").status, 2);
  EXPECT_EQ(crmctl(url, "import-contacts " + good.path() + " --frobnicate").status, 2);
  auto offline = crmctl("postgresql://postgres@127.0.0.1:1/nowhere", "import-contacts " + good.path());
  EXPECT_EQ(offline.status, 2) << offline.output;
  pqxx::connection c(url);
  EXPECT_EQ(event_count(c), 0);
}

}  // namespace
}  // namespace crm::cli
