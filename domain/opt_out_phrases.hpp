#pragma once
// Texts that ask, in the texter's own words, to stop being texted ("please stop texting me",
// "remove me from your list"). FCC 24-24 counts a revocation "by any reasonable means", not only
// the keywords, so such a text must not be ignored; but an agent's texts are full of "stop by",
// "remove the listing", "cancel the showing", so the answer is a flag for an agent to resolve
// (thread_decisions.hpp), never an opt-out by itself. Measured on
// tests/domain/opt_out_phrasings.tsv; figures and misses in docs/domain.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::domain {

/// body as the phrase list reads it: lower-case words, apostrophes dropped ("don't" -> "dont"),
/// common texting spellings and contractions written out ("pls" -> "please", "dont" -> "do not",
/// "txt" -> "text", "msgs" -> "messages"), and "." for each break between clauses (sentence
/// punctuation, commas, line breaks), also at both ends. Other punctuation, symbols and emoji
/// separate words.
std::vector<std::string> opt_out_phrase_words(std::string_view body);

/// The phrase of the list that body contains (normalised, e.g. "stop texting me"), or nullopt
/// when body does not read as a request to stop texting. Meant for bodies that are not
/// keywords: a lone "STOP" is the keyword's business.
std::optional<std::string> possible_opt_out_phrase(std::string_view body);

}  // namespace crm::domain
