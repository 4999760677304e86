// Storable text: what PostgreSQL takes (well-formed UTF-8, no NUL), and the repair of text we
// must keep whatever it holds.

#include <gtest/gtest.h>

#include <string>

#include "domain/utf8.hpp"

namespace crm::domain {
namespace {

using namespace std::string_literals;

TEST(storable_text, well_formed_text_without_nul_is_storable_and_kept_as_is) {
  for (std::string text : {""s, "Is the house on Elm still available?"s, "Jos\xc3\xa9"s, "\xe2\x82\xac 450k"s,
                           "\xf0\x9f\x8f\xa0"s, "a real \xef\xbf\xbd stays"s}) {
    EXPECT_TRUE(is_storable_text(text)) << text;
    EXPECT_EQ(storable_text(text), text);
  }
}

TEST(storable_text, nul_and_each_malformed_byte_become_a_replacement_character) {
  const std::string r = "\xef\xbf\xbd";
  struct example {
    std::string in, out;
  };
  for (auto& [in, out] : std::vector<example>{
           {"a\0b"s, "a" + r + "b"},              // NUL
           {"Jos\xe9"s, "Jos" + r},               // Latin-1
           {"\x80x"s, r + "x"},                   // a lone continuation byte
           {"\xc3"s, r},                          // cut short at the end
           {"\xc3 x"s, r + " x"},                 // cut short before ASCII
           {"\xc0\xaf"s, r + r},                  // overlong '/'
           {"\xed\xa0\x80"s, r + r + r},          // a UTF-16 surrogate
           {"\xf4\x90\x80\x80"s, r + r + r + r},  // past U+10FFFF
           {"ok \xf0\x9f\x8f\xa0\xff"s, "ok \xf0\x9f\x8f\xa0" + r},
       }) {
    EXPECT_FALSE(is_storable_text(in)) << in;
    EXPECT_EQ(storable_text(in), out) << in;
    EXPECT_TRUE(is_storable_text(storable_text(in))) << in;
  }
}

}  // namespace
}  // namespace crm::domain
