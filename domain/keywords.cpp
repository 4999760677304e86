#include "domain/keywords.hpp"

#include "domain/utf8.hpp"

#include <algorithm>
#include <iterator>

namespace crm::domain {
namespace {

// twilio-contract.md "Opt-out keywords": the words Twilio itself answers and blocks on (21610).
constexpr std::string_view carrier_opt_out_words[] = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL",
                                                      "END",  "QUIT",    "REVOKE",      "OPTOUT"};
// FCC 24-24 names "opt out" among the words that revoke consent whatever the carrier does; Twilio's
// list has only OPTOUT, so the product honours and confirms these two spellings itself.
// normalize_keyword keeps inner punctuation, hence both forms.
constexpr std::string_view product_opt_out_words[] = {"OPT OUT", "OPT-OUT"};
// Plus OPT IN, which the product's opt-in request asks for.
constexpr std::string_view opt_in_words[] = {"START", "YES", "UNSTOP", "OPT IN"};
constexpr std::string_view help_words[] = {"HELP", "INFO"};

template <std::size_t n>
bool contains(const std::string_view (&words)[n], std::string_view word) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

bool is_space(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

bool is_punctuation(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60) ||
           (cp >= 0x7B && cp <= 0x7E);
  }
  return cp == 0x00A1 || cp == 0x00AB || cp == 0x00B7 || cp == 0x00BB || cp == 0x00BF ||
         (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) || (cp >= 0x3001 && cp <= 0x3003) ||
         (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || cp == replacement_character;
}

// Full-width Latin letters and digits (U+FF10..U+FF5A) are ASCII to the texter.
char32_t fold(char32_t cp) {
  if (cp >= 0xFF10 && cp <= 0xFF5A) cp -= 0xFEE0;
  if (cp >= 'a' && cp <= 'z') cp -= 'a' - 'A';
  return cp;
}

}  // namespace

const char* keyword_kind_name(keyword_kind kind) {
  switch (kind) {
    case keyword_kind::opt_out: return "opt_out";
    case keyword_kind::opt_in: return "opt_in";
    case keyword_kind::help: return "help";
    case keyword_kind::custom: return "custom";
    case keyword_kind::none: break;
  }
  return "none";
}

std::string normalize_keyword(std::string_view body) {
  std::string out;
  bool pending_space = false;
  std::size_t pos = 0;
  std::size_t kept = 0;  // out's length up to its last character that is not punctuation
  while (pos < body.size()) {
    char32_t cp = fold(next_code_point(body, pos));
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    bool punctuation = is_punctuation(cp);
    if (punctuation && out.empty()) continue;  // leading punctuation
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    append_utf8(out, cp);
    if (!punctuation) kept = out.size();
  }
  out.resize(kept);  // trailing punctuation and the spaces among it
  return out;
}

keyword_kind classify_keyword(std::string_view body) {
  const std::string word = normalize_keyword(body);
  if (word.empty()) return keyword_kind::none;
  if (contains(carrier_opt_out_words, word) || contains(product_opt_out_words, word)) return keyword_kind::opt_out;
  if (contains(opt_in_words, word)) return keyword_kind::opt_in;
  if (contains(help_words, word)) return keyword_kind::help;
  return keyword_kind::none;
}

bool sets_carrier_opt_out(std::string_view body) { return contains(carrier_opt_out_words, normalize_keyword(body)); }

bool lifts_carrier_opt_out(std::string_view body) {
  const std::string word = normalize_keyword(body);
  return word == "START" || word == "YES" || word == "UNSTOP";
}

keyword_matcher::keyword_matcher(const std::map<std::string, std::string>& auto_replies) {
  for (const auto& [keyword, reply] : auto_replies) {
    std::string key = normalize_keyword(keyword);
    if (!key.empty()) replies_[key] = reply;
  }
}

keyword_match keyword_matcher::match(std::string_view body) const {
  keyword_match result;
  std::string word = normalize_keyword(body);
  if (word.empty()) return result;
  result.kind = classify_keyword(word);
  auto reply = replies_.find(word);
  if (result.kind == keyword_kind::none) {
    if (reply == replies_.end()) return result;
    result.kind = keyword_kind::custom;
  }
  if (reply != replies_.end()) result.reply = reply->second;
  result.keyword = std::move(word);
  return result;
}

}  // namespace crm::domain
