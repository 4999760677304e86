// Runs every tests/scenarios/threads/*.scenario file: a number's thread and the contact holding
// it, as Given/When/Then over domain's decisions (style.md, item 10). Consent alone is in
// tests/scenarios/*.scenario (consent_scenarios.test.cpp).
//
//   # comment
//   given <UTC time> <EventType> [field=value]...
//        an event of the thread's stream (thread_events.hpp) or the contact's (contact_events.hpp),
//        fields named as the log's JSON names them and read through the codec, so a field the
//        type does not have is an error. Left out: the thread's number (phone, and to/from
//        towards it), the line's time (at, requestedAt, receivedAt, sentAt, deletedAt), messageId
//        (the sid, for InboundMessageReceived and MessageImported), status (MessageAcceptedByTwilio:
//        queued; MessageSendFailed: failed). JSON goes in single quotes.
//   config reply <KEYWORD> "<text>"                      a configured auto-reply (keyword_matcher)
//   when <UTC time> inbound sid=SM1 text="..." [media=url] [segments=n] [fromState=CA] [service=MG1] [foreign=yes]
//   when <UTC time> send <purpose> [id=m1] [body=] [by=u1] [contact=c1] [confirmed=yes] [state=] [region=] [area=]
//   when <UTC time> accepted [id=m1] [sid=SM1] [status=] [segments=1] [price=] [unit=] [created=]   (twilio_accepted)
//   when <UTC time> failed [id=m1] [code=30003] [message=]                                  (send_failed)
//   when <UTC time> status [sid=SM1] status=<status> [code=] [message=]                     (decide_status)
//   when <UTC time> create [id=c1] [firstName=] [lastName=] [phone=|none] [smsOptIn=yes|no] [consentWordingVersion=]
//        [<field>=]... [body='{...}'] [user=] [email=] [ip=] [agent=]   (parse_contact_fields, decide_create)
//   when <UTC time> update [<field>=]... (as create, nothing filled in)  (decide_update)
//   when <UTC time> delete | read [by=u1]                               (decide_delete, decide_mark_read)
//        Each `when` is decided on the streams as they stand, and its events are then applied
//        (as after their append): the contact's to the contact, the thread's when they are for
//        this thread's number.
//   then events <Type>... | then events none   what the last `when` decided, in order (a contact
//        decision: the contact's events, then the number's thread's, then the previous number's)
//   then event <Type>[#n] [path=value]... [-path]   fields of the nth such event, as json_field
//        renders them (null, true, 42, text; '.' into objects); -path: the field is absent
//   then allowed | then refused <reason>        the last send
//   then reply <none|help|help_opted_out|opted_in|opt_in_still_blocked|opted_out|"text">
//   then keyword <none|opt_out|opt_in|help|custom>
//   then input_error <code> [field=]            the contact body was refused
//   then status <none|opted_in|opted_out> | then knows <sid> | then not_known <sid>
//   then linked <contact id|none> | then flagged "<phrase>" | then not_flagged
//   then delivery <message id> [status=] [errorCode=] [errorMessage=] [rawStatus=] [sid=] [resolved=yes|no]
//   then contact [id=] [exists=] [deleted=] [phone=] [smsOptIn=] | then document [path=value]...
//
// Two guards stand in the thread actor, not in domain/, and show here as the state they read:
// a retried webhook's sid the thread `knows` is answered without an append (thread_receiving.cpp),
// and a create or a move onto a number that is `linked` to another contact is refused
// duplicate_phone (thread_contacts.cpp). Likewise the contact actor answers not_found to an
// update or delete of a contact that does not exist or is deleted (contact_actor.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scenario_text.hpp"
#include "thread_scenario_runner.hpp"

namespace crm::domain {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> scenario_files() {
  return testing::scenario_files(fs::path(CRM_SOURCE_DIR) / "tests" / "scenarios" / "threads");
}

class thread_scenario : public ::testing::TestWithParam<fs::path> {};

TEST_P(thread_scenario, holds) {
  std::ifstream in(GetParam());
  ASSERT_TRUE(in) << GetParam();
  testing::thread_scenario_runner runner(GetParam().filename().string());
  std::string text;
  int number = 0;
  while (std::getline(in, text)) runner.line(++number, text);
  runner.finish();
}

std::string test_name(const ::testing::TestParamInfo<fs::path>& info) {
  return testing::scenario_test_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(files, thread_scenario, ::testing::ValuesIn(scenario_files()), test_name);

TEST(thread_scenarios, the_folder_is_found) { EXPECT_GE(scenario_files().size(), 25u); }

}  // namespace
}  // namespace crm::domain
