#pragma once
// Keywords a texter sends: the carriers' opt-out, opt-in and help words, and the product's own
// auto-reply keywords. A body is a keyword only when the whole of it is one, after trimming
// whitespace and punctuation and ignoring case ("Stop." is one, "Stop please" is not).

#include <map>
#include <string>
#include <string_view>

namespace crm::domain {

/// What an inbound body asks for.
enum class keyword_kind { none, opt_out, opt_in, help, custom };

/// "none", "opt_out", "opt_in", "help" or "custom".
const char* keyword_kind_name(keyword_kind kind);

/// The result of matching a body against the keywords.
struct keyword_match {
  keyword_kind kind = keyword_kind::none;
  std::string keyword;  ///< the keyword as normalised ("STOP", "OPT IN"), empty for none
  std::string reply;    ///< the configured auto-reply for it, empty when none is configured
};

/// body as a keyword candidate: trimmed of whitespace and punctuation, upper-cased (ASCII and
/// full-width forms), inner whitespace runs made one space.
std::string normalize_keyword(std::string_view body);

/// The carrier keyword class of body (opt-out, opt-in, help), or none.
keyword_kind classify_keyword(std::string_view body);

/// Whether body is an opt-out word Twilio itself acts on: it confirms it and then refuses every
/// send to the number (21610) until an opt-in word lifts the block. The FCC's "OPT OUT" and
/// "OPT-OUT" opt out here but not at Twilio (twilio-contract.md lists only OPTOUT), so the
/// product confirms them itself and they block nothing at the carrier.
bool sets_carrier_opt_out(std::string_view body);

/// Whether body is one of the words that end Twilio's block after an opt-out keyword (START,
/// YES, UNSTOP; twilio-contract.md). "OPT IN" grants consent here but does not unblock at Twilio.
bool lifts_carrier_opt_out(std::string_view body);

/// Matches bodies against the carrier keywords and the configured auto-reply keywords.
/// Carrier keywords take precedence: a configured STOP or START never changes what the word
/// does, it only supplies its reply text; a configured INFO stays a help keyword and its text
/// becomes the help reply.
class keyword_matcher {
public:
  /// auto_replies maps a keyword (any case, e.g. "HOURS") to the text answered to it.
  explicit keyword_matcher(const std::map<std::string, std::string>& auto_replies = {});

  /// What body asks for, with the reply configured for it.
  keyword_match match(std::string_view body) const;

private:
  std::map<std::string, std::string> replies_;  // keys normalised
};

}  // namespace crm::domain
