#pragma once
// The words of a scenario line (tests/scenarios), shared by the consent and thread runners.

#include <cstddef>
#include <filesystem>
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

/// The *.scenario files of `folder`, sorted.
std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& folder);

/// A scenario file's name as a test name: its stem, anything but letters and digits as '_'.
std::string scenario_test_name(const std::filesystem::path& file);

}  // namespace crm::domain::testing
