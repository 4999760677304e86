#include <gtest/gtest.h>

#include "twilio/twiml.hpp"

namespace crm::twilio {
namespace {

TEST(twiml, empty_response_exactly_as_contract) {
  EXPECT_EQ(twiml_empty(), R"(<?xml version="1.0" encoding="UTF-8"?><Response />)");
  EXPECT_EQ(twiml_messages({}), twiml_empty());
}

TEST(twiml, one_message_exactly_as_contract) {
  EXPECT_EQ(twiml_message("Hello"),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hello</Message></Response>)");
}

TEST(twiml, several_messages_in_order) {
  EXPECT_EQ(twiml_messages({"one", "two"}), R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>one</Message>)"
                                            R"(<Message>two</Message></Response>)");
}

TEST(twiml, bodies_are_escaped) {
  EXPECT_EQ(xml_escape(R"(<b>"Tom" & 'Jerry'</b>)"), "&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;");
  EXPECT_EQ(twiml_message("a</Message><Message>b"),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>a&lt;/Message&gt;)"
            R"(&lt;Message&gt;b</Message></Response>)");
}

TEST(twiml, keeps_utf8_and_whitespace_drops_forbidden_controls) {
  EXPECT_EQ(xml_escape("é😀\tline\r\nnext"), "é😀\tline\r\nnext");
  EXPECT_EQ(xml_escape(std::string("a\x01\x1b"
                                   "b\0c",
                                   6)),
            "abc");
}

TEST(twiml, content_type) { EXPECT_EQ(twiml_content_type, "text/xml"); }

}  // namespace
}  // namespace crm::twilio
