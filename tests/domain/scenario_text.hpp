#pragma once
// The words of a scenario line (tests/scenarios), shared by the consent and thread runners.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace crm::domain::testing {

/// A line split at blanks; "double quoted" or 'single quoted' text is one word, quotes removed
/// (single quotes hold JSON, whose members are double quoted).
std::vector<std::string> words_of(const std::string& line);

/// The key=value words from index `from` on.
std::map<std::string, std::string> options_of(const std::vector<std::string>& words, std::size_t from);

/// The words from index `from` on that hold no '='.
std::vector<std::string> plain_words_of(const std::vector<std::string>& words, std::size_t from);

}  // namespace crm::domain::testing
