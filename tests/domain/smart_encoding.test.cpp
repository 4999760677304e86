#include "domain/smart_encoding.hpp"
#include "domain/sms_segments.hpp"

#include <gtest/gtest.h>

namespace crm::domain {
namespace {

TEST(smart_encoding, contract_replacements) {
  EXPECT_EQ(smart_encode("\xE2\x80\x9Cquoted\xE2\x80\x9D"), "\"quoted\"");           // “ ”
  EXPECT_EQ(smart_encode("it\xE2\x80\x99s \xE2\x80\x98x\xE2\x80\x99"), "it's 'x'");  // ’ ‘
  EXPECT_EQ(smart_encode("a\xE2\x80\x93"
                         "b\xE2\x80\x94"
                         "c"),
            "a-b-c");                                      // – —
  EXPECT_EQ(smart_encode("wait\xE2\x80\xA6"), "wait...");  // …
  EXPECT_EQ(smart_encode("a\xC2\xA0"
                         "b\xE2\x80\x89"
                         "c\xE3\x80\x80"
                         "d"),
            "a b c d");                                           // nbsp, thin, ideographic
  EXPECT_EQ(smart_encode("zero\xE2\x80\x8Bwidth"), "zerowidth");  // ZWSP
  EXPECT_EQ(smart_encode("\xE2\x80\xA2 item"), "- item");         // bullet
  EXPECT_EQ(smart_encode("\xC2\xBD cup"), "1/2 cup");             // ½
}

TEST(smart_encoding, full_width_forms_and_backtick) {
  EXPECT_EQ(smart_encode("\xEF\xBC\xA1\xEF\xBD\x82\xEF\xBC\x91"), "Ab1");  // ＡｂＡ１
  EXPECT_EQ(smart_encode("`code`"), "'code'");
  EXPECT_EQ(smart_encode("\xEF\xBD\x80"), "'");  // full-width grave accent
}

TEST(smart_encoding, leaves_gsm_and_unmapped_text_alone) {
  EXPECT_EQ(smart_encode("Plain text, caf\xC3\xA9 \xE2\x82\xAC"
                         "5"),
            "Plain text, caf\xC3\xA9 \xE2\x82\xAC"
            "5");
  EXPECT_EQ(smart_encode("\xE4\xB8\xAD\xF0\x9F\x98\x80"), "\xE4\xB8\xAD\xF0\x9F\x98\x80");
  EXPECT_EQ(smart_encode(""), "");
}

TEST(smart_encoding, malformed_bytes_become_replacement_characters) {
  EXPECT_EQ(smart_encode("a\xFF"
                         "b"),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(smart_encoding, every_replacement_is_gsm7) {
  for (char32_t cp = 0; cp < 0x30000; ++cp) {
    if (auto replacement = smart_replacement(cp)) {
      EXPECT_TRUE(is_gsm7(*replacement)) << "U+" << std::hex << static_cast<unsigned>(cp);
    }
  }
}

}  // namespace
}  // namespace crm::domain
