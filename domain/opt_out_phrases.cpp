// Longer than 300 lines on purpose: the phrase table and the matcher that gives its syntax meaning read best as one.
#include "domain/opt_out_phrases.hpp"

#include <algorithm>

#include <functional>
#include <map>

#include "domain/utf8.hpp"

// How it works, and why this way. A curated phrase list over normalised words, not a model:
// each flag must be explainable to the agent who resolves it ("matched: remove me from your
// list") and to an auditor, and a new miss is fixed by adding a line here and a row to the
// corpus, not by retraining.
//
// 1. Normalise (opt_out_phrase_words): lower case, apostrophes dropped, punctuation to word or
//    clause breaks, texting spellings written out. Phrases then never depend on "don't" vs
//    "dont" vs "do not", or on "pls txt" vs "please text".
// 2. A phrase is a run of words inside one clause: it never spans "Please don't. Text me later".
//    It may use word classes ({texting}: texting, messaging, contacting...), optional words
//    ("please?"), and anchors: "^" the clause starts here, "$" the clause ends here, "$$" the
//    text ends here.
// 3. Guards keep ordinary texts out. A bare "stop" reads as a request only as a whole closing
//    clause ("I never signed up for this, stop"), not as an exclamation that opens a text
//    ("Stop! You're too kind"). A match preceded by a negation ("don't stop sending me
//    listings", "why did you stop texting me") does not count, nor one a rule's qualifier
//    follows: "don't text me the address", "... before 9am", "... until after the
//    inspection" restrict how, not whether; "opt out of the home warranty" is another opt-out.
//    Objects are required where the verb alone is everyday real-estate talk: "remove me from
//    your list" but not "remove me from the title"; "cancel my texts" but not "cancel the showing".

namespace crm::domain {
namespace {

// Word classes: alternatives separated by '|', each one word or several; an empty alternative
// makes the class optional.
const std::map<std::string_view, std::string_view>& word_classes() {
  static const std::map<std::string_view, std::string_view> classes = {
      {"texting",
       "texting|messaging|contacting|calling|sending|spamming|bothering|bugging|harassing|pestering|"
       "text|message|calling and texting|texting and calling|calling or texting|texting or calling"},
      {"me", "me|us|this number|my number|my phone|my cell|this phone|my phone number"},
      {"number", "my number|this number|my phone number|my cell|my cell number|this phone number"},
      {"det", "|the|these|this|those|your|all|all the|all these|all your|any|any more|any of these|my|such"},
      // Plural or collective only: "cancel the text I sent" is about one message, not all of them.
      {"texts", "texts|text messages|messages|sms|text alerts|text updates|alerts|notifications"},
      {"list",
       "list|lists|texting list|text list|sms list|mailing list|contact list|contacts|database|system|"
       "texts|messages|text messages|text alerts|distribution list"},
      {"contact", "text|message|contact|sms|call or text|text or call|email or text|reach out to|bother"},
      {"receive", "receive|get|be sent"},
      {"block", "block|blocking|report|reporting"},
  };
  return classes;
}

// A phrase and what cancels it: sequences ('|'-separated) that, right before or right after the
// match in the same clause, make it mean something else.
struct phrase_rule {
  std::string_view pattern;
  std::string_view unless_next = "";
  std::string_view unless_previous = "";
};

// Negations that cancel any phrase they immediately precede ("don't stop sending me listings",
// "why did you stop texting me?"). "If you don't stop texting me" has its own rule below.
constexpr std::string_view negations = "do not|did not|does not|did you|never|not";

// Qualifiers that turn "don't text me" into a when or how ("... the address", "... before 9",
// "... until after the inspection", "... back").
constexpr std::string_view only_when =
    "the|before|after|until|till|til|today|tonight|tomorrow|now|at|during|while|on|this|back|"
    "unless|if|yet|so|late|early|when|right now";

// Grouped by verb; the first rule that matches gives the phrase shown to the agent.
constexpr phrase_rule rules[] = {
    // "stop ..." with an object, or ending the clause.
    {"stop {texting} {me}", "so early|so late|this early|before|after|at night|on weekends|during|while"},
    {"stop {texting} $", "", "i will|will|going to"},
    {"stop sending {det} {texts}"},
    {"stop {det} {texts}"},
    {"stop it? with {det} {texts}"},
    {"if you do not stop", "by|at|in|for|the|to|over|looking|worrying"},
    // A whole clause: "please stop" anywhere; a bare "stop" only as the text's last words.
    {"^ please stop please? $"},
    {"^ stop please $"},
    {"^ just stop $"},
    {"^ stop already $"},
    {"^ stop $$"},
    {"^ stop it $$"},
    {"^ stop now $$"},
    {"quit {texting} {me}"},
    {"quit {texting} $", "", "i will|will|going to"},
    {"quit sending {det} {texts}"},
    // Don't / never.
    {"do not {contact} {me}", only_when},
    {"do not {contact} again", only_when},
    {"do not reach out again", only_when},
    {"never {contact} {me}", "back|any more|first", "you"},
    {"do not want {det} {texts}"},
    {"do not want to {receive} {det} {texts}"},
    {"do not want to be texted"},
    {"do not want to be contacted"},
    {"do not wish to {receive} {det} {texts}"},
    {"no longer want {det} {texts}"},
    {"no longer want to {receive} {det} {texts}"},
    {"no longer wish to {receive} {det} {texts}"},
    {"no more {texts}", "from me"},
    {"no more texting"},
    {"do not call list"},
    {"do not text list"},
    {"do not contact list"},
    // Lists and numbers.
    {"remove me from {det} {list}"},
    {"remove us from {det} {list}"},
    {"remove me $"},
    {"remove us $"},
    {"remove me please"},
    {"^ please? remove please? $"},
    {"remove {number} $"},
    {"remove {number} please"},
    {"remove {number} from {det} {list}"},
    {"take me off {det} {list}"},
    {"take us off {det} {list}"},
    {"take {number} off"},
    {"delete {number}", "from the|from my"},
    {"lose {number}"},
    {"erase {number}"},
    // The FCC's words inside a sentence.
    {"opt out", "of"},
    {"opt out of {det} {texts}"},
    {"opt out of {det} {list}"},
    {"opt me out"},
    {"opt us out"},
    {"opting out", "of"},
    {"opted out", "of"},
    {"unsubscribe", "from"},
    {"unsubscribed", "from"},
    {"unsubscribe from {det} {texts}"},
    {"unsubscribe from {det} {list}"},
    {"cancel {det} {texts}"},
    {"end {det} {texts}"},
    // A stranger's number: the consent on record was someone else's.
    {"wrong number", "for",
     "i gave you the|gave you the|i gave the|i texted the|texted the|i sent the|sent you the|sent it to the|"
     "i sent it to the|i called the|i dialed the|i typed the|i wrote the|i put the|i put in the|i had the|"
     "i have the"},
    {"leave me alone"},
    {"^ please? go away please? $"},
    {"wrong person", "for", "i texted the|texted the|i sent it to the|sent it to the|i sent the"},
    {"{block} this number"},
    {"{block} your number"},
    {"{block} you", "in|out|for|off|to|a"},
    {"stop spamming"},
    {"this is spam"},
    {"never signed up for {det} {texts}"},
    {"never signed up for this $"},
    {"did not sign up for {det} {texts}"},
    {"did not sign up for this $"},
    {"never asked for {det} {texts}"},
    {"did not ask for {det} {texts}"},
};

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  for (auto& word : split(text, ' '))
    if (!word.empty()) words.push_back(word);
  return words;
}

// Texting spellings and contractions, written out (after apostrophes are dropped).
const std::map<std::string, std::string>& spellings() {
  static const std::map<std::string, std::string> table = {
      {"pls", "please"},      {"plz", "please"},      {"plse", "please"},       {"plez", "please"},
      {"pleas", "please"},    {"pleeease", "please"}, {"txt", "text"},          {"txts", "texts"},
      {"txting", "texting"},  {"txtin", "texting"},   {"textin", "texting"},    {"texing", "texting"},
      {"msg", "message"},     {"msgs", "messages"},   {"msging", "messaging"},  {"u", "you"},
      {"ur", "your"},         {"dont", "do not"},     {"dnt", "do not"},        {"didnt", "did not"},
      {"doesnt", "does not"}, {"cant", "can not"},    {"cannot", "can not"},    {"wont", "will not"},
      {"im", "i am"},         {"ive", "i have"},      {"ill", "i will"},        {"anymore", "any more"},
      {"nomore", "no more"},  {"optout", "opt out"},  {"unsub", "unsubscribe"},
  };
  return table;
}

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == '`' || cp == 0x2018 || cp == 0x2019 || cp == 0x00B4; }

// Ends a clause: sentence punctuation, commas, colons, line breaks, the ellipsis, CJK full stops.
bool ends_clause(char32_t cp) {
  return cp == '.' || cp == ',' || cp == '!' || cp == '?' || cp == ';' || cp == ':' || cp == '\n' || cp == '\r' ||
         cp == 0x2026 || cp == 0x00A1 || cp == 0x00BF || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF0C || cp == 0xFF0E ||
         cp == 0xFF1F;
}

// A letter or digit kept in a word: ASCII, full-width ASCII, and Latin letters with accents (so
// "más" stays one word instead of splitting around the accent). Everything else separates words.
bool word_character(char32_t& cp) {
  if (cp >= 0xFF10 && cp <= 0xFF5A) cp -= 0xFEE0;
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return true;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
  return (cp >= 0xDF && cp <= 0x24F && cp != 0xF7);
}

// A rule with its pattern and guards split into words once.
struct compiled_rule {
  std::vector<std::string> pattern;
  std::vector<std::vector<std::string>> unless_next, unless_previous;
  /// The pattern's plain words: a text lacking one cannot match, so the rule is skipped without
  /// a search (every inbound text is classified, and searching every rule is costly;
  /// docs/benchmarks.md).
  std::vector<std::string> required;
};

bool plain_word(const std::string& item) {
  return item != "^" && item != "$" && item != "$$" && item.front() != '{' && item.back() != '?';
}

std::vector<std::vector<std::string>> runs_of(std::string_view alternatives) {
  std::vector<std::vector<std::string>> runs;
  for (auto& alternative : split(alternatives, '|')) runs.push_back(words_of(alternative));
  return runs;
}

const std::vector<compiled_rule>& compiled_rules() {
  static const std::vector<compiled_rule> compiled = [] {
    std::vector<compiled_rule> out;
    for (auto& rule : rules) {
      auto previous = runs_of(rule.unless_previous);
      for (auto& negation : runs_of(negations)) previous.push_back(negation);
      auto pattern = words_of(rule.pattern);
      std::vector<std::string> required;
      for (auto& item : pattern)
        if (plain_word(item)) required.push_back(item);
      out.push_back({std::move(pattern), runs_of(rule.unless_next), std::move(previous), std::move(required)});
    }
    return out;
  }();
  return compiled;
}

const std::map<std::string, std::vector<std::vector<std::string>>, std::less<>>& compiled_classes() {
  static const auto compiled = [] {
    std::map<std::string, std::vector<std::vector<std::string>>, std::less<>> out;
    for (auto& [name, alternatives] : word_classes()) out["{" + std::string(name) + "}"] = runs_of(alternatives);
    return out;
  }();
  return compiled;
}

// One rule against one text's words.
class phrase_matcher {
public:
  explicit phrase_matcher(const std::vector<std::string>& words) : words_(words) {}

  /// The matched words of rule's first match, if any.
  std::optional<std::string> match(const compiled_rule& rule) const {
    for (std::size_t start = 0; start < words_.size(); ++start) {
      std::optional<std::size_t> end;
      walk(rule.pattern, 0, start, [&](std::size_t at) {
        if (!end && !followed_by_any(at, rule.unless_next)) end = at;
      });
      // The negations are many: looked at only where the pattern matched.
      if (end && !preceded_by_any(start, rule.unless_previous)) return text(start, *end);
    }
    return std::nullopt;
  }

private:
  // Calls done(end) for every end at which pattern[p...] matches the words from position at.
  // Patterns are a few words and classes a few alternatives: the search stays small.
  void walk(const std::vector<std::string>& pattern, std::size_t p, std::size_t at,
            const std::function<void(std::size_t)>& done) const {
    if (p == pattern.size()) return done(at);
    const std::string& item = pattern[p];
    if (item == "^") {
      if (at > 0 && words_[at - 1] == ".") walk(pattern, p + 1, at, done);
    } else if (item == "$") {
      if (at < words_.size() && words_[at] == ".") walk(pattern, p + 1, at, done);
    } else if (item == "$$") {
      if (at + 1 == words_.size()) walk(pattern, p + 1, at, done);
    } else if (item.front() == '{') {
      auto alternatives = compiled_classes().find(item);
      if (alternatives == compiled_classes().end()) return;
      for (auto& run : alternatives->second)
        if (starts_at(at, run)) walk(pattern, p + 1, at + run.size(), done);
    } else if (item.back() == '?') {
      walk(pattern, p + 1, at, done);
      if (at < words_.size() && words_[at] == std::string_view(item).substr(0, item.size() - 1))
        walk(pattern, p + 1, at + 1, done);
    } else if (at < words_.size() && words_[at] == item) {
      walk(pattern, p + 1, at + 1, done);
    }
  }

  bool starts_at(std::size_t at, const std::vector<std::string>& run) const {
    if (at + run.size() > words_.size()) return false;
    for (std::size_t i = 0; i < run.size(); ++i)
      if (words_[at + i] != run[i]) return false;
    return true;
  }

  bool followed_by_any(std::size_t end, const std::vector<std::vector<std::string>>& runs) const {
    for (auto& run : runs)
      if (!run.empty() && starts_at(end, run)) return true;
    return false;
  }

  bool preceded_by_any(std::size_t start, const std::vector<std::vector<std::string>>& runs) const {
    for (auto& run : runs)
      if (!run.empty() && run.size() <= start && starts_at(start - run.size(), run)) return true;
    return false;
  }

  std::string text(std::size_t start, std::size_t end) const {
    std::string out;
    for (std::size_t i = start; i < end; ++i) {
      if (words_[i] == ".") continue;
      if (!out.empty()) out += ' ';
      out += words_[i];
    }
    return out;
  }

  const std::vector<std::string>& words_;
};

}  // namespace

std::vector<std::string> opt_out_phrase_words(std::string_view body) {
  std::vector<std::string> words{"."};
  std::string word;
  auto end_word = [&] {
    if (word.empty()) return;
    auto spelled = spellings().find(word);
    for (auto& w : words_of(spelled == spellings().end() ? word : spelled->second)) words.push_back(w);
    word.clear();
  };
  std::size_t pos = 0;
  while (pos < body.size()) {
    char32_t cp = next_code_point(body, pos);
    if (is_apostrophe(cp)) continue;  // "don't" is "dont"
    if (word_character(cp)) {
      append_utf8(word, cp);
      continue;
    }
    end_word();
    if (cp == '&') {
      words.push_back("and");
    } else if (ends_clause(cp) && words.back() != ".") {
      words.push_back(".");
    }
  }
  end_word();
  if (words.back() != ".") words.push_back(".");
  return words;
}

std::optional<std::string> possible_opt_out_phrase(std::string_view body) {
  const auto words = opt_out_phrase_words(body);
  const phrase_matcher matcher(words);
  auto in_text = [&](const std::string& word) { return std::find(words.begin(), words.end(), word) != words.end(); };
  for (auto& rule : compiled_rules()) {
    if (!std::all_of(rule.required.begin(), rule.required.end(), in_text)) continue;
    if (auto phrase = matcher.match(rule)) return phrase;
  }
  return std::nullopt;
}

}  // namespace crm::domain
