#include "domain/keywords.hpp"

#include <gtest/gtest.h>

namespace crm::domain {
namespace {

TEST(keywords, contract_opt_out_words) {
  for (const char* word : {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}) {
    EXPECT_EQ(classify_keyword(word), keyword_kind::opt_out) << word;
  }
}

TEST(keywords, fcc_opt_out_words_with_the_same_normalisation_as_stop) {
  // FCC 24-24 names "opt out"; written as two words or with a hyphen, any case, trimmed.
  for (const char* body :
       {"opt out", "OPT OUT", "Opt Out.", " opt   out! ", "\"Opt-Out\"", "opt-out", "OPT-OUT",
        "\xE2\x80\x9C"
        "opt out\xE2\x80\x9D",
        "\xC2\xA0Opt out\xC2\xA0", "\xEF\xBD\x8F\xEF\xBD\x90\xEF\xBD\x94 out"}) {  // full-width ｏｐｔ
    EXPECT_EQ(classify_keyword(body), keyword_kind::opt_out) << body;
  }
  EXPECT_EQ(normalize_keyword(" opt-out! "), "OPT-OUT");
  // Not the whole body, or other inner punctuation: the possible opt-out classifier's business.
  EXPECT_EQ(classify_keyword("opt out please"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("please opt out"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("OPT - OUT"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("opt_out"), keyword_kind::none);
}

TEST(keywords, only_twilios_own_words_set_its_block) {
  for (const char* word : {"STOP", "stopall", "Unsubscribe", "CANCEL", "end.", "QUIT", "REVOKE", "OptOut"}) {
    EXPECT_TRUE(sets_carrier_opt_out(word)) << word;
  }
  // twilio-contract.md lists OPTOUT only: Twilio neither confirms these nor blocks on them.
  EXPECT_FALSE(sets_carrier_opt_out("OPT OUT"));
  EXPECT_FALSE(sets_carrier_opt_out("opt-out"));
  EXPECT_FALSE(sets_carrier_opt_out("START"));
  EXPECT_FALSE(sets_carrier_opt_out("stop please"));
  EXPECT_FALSE(lifts_carrier_opt_out("OPT IN"));
  EXPECT_TRUE(lifts_carrier_opt_out("unstop"));
}

TEST(keywords, contract_opt_in_and_help_words) {
  for (const char* word : {"START", "YES", "UNSTOP", "OPT IN"}) {
    EXPECT_EQ(classify_keyword(word), keyword_kind::opt_in) << word;
  }
  EXPECT_EQ(classify_keyword("HELP"), keyword_kind::help);
  EXPECT_EQ(classify_keyword("INFO"), keyword_kind::help);
}

TEST(keywords, the_whole_body_case_insensitive_trimmed) {
  EXPECT_EQ(classify_keyword("stop"), keyword_kind::opt_out);
  EXPECT_EQ(classify_keyword(" STOP "), keyword_kind::opt_out);
  EXPECT_EQ(classify_keyword("Stop."), keyword_kind::opt_out);
  EXPECT_EQ(classify_keyword("sToP!!!"), keyword_kind::opt_out);
  EXPECT_EQ(classify_keyword("\"STOP\""), keyword_kind::opt_out);
  EXPECT_EQ(classify_keyword("\n\tstop\r\n"), keyword_kind::opt_out);
  EXPECT_EQ(classify_keyword("...stop..."), keyword_kind::opt_out);
  // However much padding surrounds it, a lone STOP is an opt-out: missing one is the costly error.
  EXPECT_EQ(classify_keyword(std::string(5000, ' ') + "STOP" + std::string(5000, '.')), keyword_kind::opt_out);
  EXPECT_EQ(classify_keyword("\xE2\x80\x9C"
                             "Stop\xE2\x80\x9D"),
            keyword_kind::opt_out);                                            // “Stop”
  EXPECT_EQ(classify_keyword("\xC2\xA0stop\xC2\xA0"), keyword_kind::opt_out);  // no-break spaces
  EXPECT_EQ(classify_keyword("\xEF\xBC\xB3\xEF\xBC\xB4\xEF\xBC\xAF\xEF\xBC\xB0"),
            keyword_kind::opt_out);  // full-width ＳＴＯＰ
  EXPECT_EQ(classify_keyword("opt in"), keyword_kind::opt_in);
  EXPECT_EQ(classify_keyword("'OPT IN'"), keyword_kind::opt_in);
  EXPECT_EQ(classify_keyword("Opt   In!"), keyword_kind::opt_in);
  EXPECT_EQ(classify_keyword("help?"), keyword_kind::help);
}

TEST(keywords, not_a_keyword_unless_it_is_the_whole_body) {
  EXPECT_EQ(classify_keyword("Stop please"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("we must stop this"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("STOP STOP"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("stopp"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("S T O P"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("OPTIN"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("yes please"), keyword_kind::none);
  EXPECT_EQ(classify_keyword(""), keyword_kind::none);
  EXPECT_EQ(classify_keyword("   "), keyword_kind::none);
  EXPECT_EQ(classify_keyword("?!"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("st\xC3\xB6p"), keyword_kind::none);
}

TEST(keywords, malformed_bytes_never_match_or_crash) {
  EXPECT_EQ(classify_keyword("STOP\xFF"), keyword_kind::opt_out);  // U+FFFD trims like punctuation
  EXPECT_EQ(classify_keyword("ST\xFFOP"), keyword_kind::none);
  EXPECT_EQ(classify_keyword("\xC3"), keyword_kind::none);
}

TEST(keywords, normalize) {
  EXPECT_EQ(normalize_keyword("  Opt  in. "), "OPT IN");
  EXPECT_EQ(normalize_keyword("hours?"), "HOURS");
  EXPECT_EQ(normalize_keyword("a-b"), "A-B");
  EXPECT_EQ(normalize_keyword("!!"), "");
}

TEST(keyword_matcher, custom_keywords_reply) {
  keyword_matcher matcher({{"hours", "Open 9-5 Mon-Fri."}, {"Address", "1 Main St."}});
  auto hours = matcher.match("Hours?");
  EXPECT_EQ(hours.kind, keyword_kind::custom);
  EXPECT_EQ(hours.keyword, "HOURS");
  EXPECT_EQ(hours.reply, "Open 9-5 Mon-Fri.");
  EXPECT_EQ(matcher.match(" address ").reply, "1 Main St.");
  EXPECT_EQ(matcher.match("hours please").kind, keyword_kind::none);
  EXPECT_EQ(matcher.match("hello").kind, keyword_kind::none);
  EXPECT_TRUE(matcher.match("hello").keyword.empty());
}

TEST(keyword_matcher, carrier_keywords_take_precedence) {
  keyword_matcher matcher(
      {{"INFO", "We sell homes. Reply STOP to opt out."}, {"STOP", "custom stop text"}, {"START", "Welcome back!"}});
  auto info = matcher.match("info");
  EXPECT_EQ(info.kind, keyword_kind::help);
  EXPECT_EQ(info.reply, "We sell homes. Reply STOP to opt out.");
  auto stop = matcher.match("Stop");
  EXPECT_EQ(stop.kind, keyword_kind::opt_out);
  EXPECT_EQ(stop.keyword, "STOP");
  EXPECT_EQ(stop.reply, "custom stop text");
  EXPECT_EQ(matcher.match("start").kind, keyword_kind::opt_in);
  auto help = matcher.match("HELP");
  EXPECT_EQ(help.kind, keyword_kind::help);
  EXPECT_TRUE(help.reply.empty());
  EXPECT_EQ(matcher.match("QUIT").kind, keyword_kind::opt_out);
  auto fcc = matcher.match("Opt-out.");
  EXPECT_EQ(fcc.kind, keyword_kind::opt_out);
  EXPECT_EQ(fcc.keyword, "OPT-OUT");
}

TEST(keyword_matcher, names) {
  EXPECT_STREQ(keyword_kind_name(keyword_kind::opt_out), "opt_out");
  EXPECT_STREQ(keyword_kind_name(keyword_kind::opt_in), "opt_in");
  EXPECT_STREQ(keyword_kind_name(keyword_kind::help), "help");
  EXPECT_STREQ(keyword_kind_name(keyword_kind::custom), "custom");
  EXPECT_STREQ(keyword_kind_name(keyword_kind::none), "none");
}

}  // namespace
}  // namespace crm::domain
