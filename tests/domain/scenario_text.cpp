#include "scenario_text.hpp"

#include <algorithm>
#include <cctype>

namespace crm::domain::testing {

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;  // the quote that opened the current quoted run
  bool any = false;
  for (char c : line) {
    if (quote ? c == quote : (c == '"' || c == '\'')) {
      quote = quote ? 0 : c;
      any = true;
    } else if (!quote && (c == ' ' || c == '\t')) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word.push_back(c);
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

std::map<std::string, std::string> options_of(const std::vector<std::string>& words, std::size_t from) {
  std::map<std::string, std::string> options;
  for (std::size_t i = from; i < words.size(); ++i) {
    auto eq = words[i].find('=');
    if (eq != std::string::npos) options[words[i].substr(0, eq)] = words[i].substr(eq + 1);
  }
  return options;
}

std::vector<std::string> plain_words_of(const std::vector<std::string>& words, std::size_t from) {
  std::vector<std::string> plain;
  for (std::size_t i = from; i < words.size(); ++i)
    if (words[i].find('=') == std::string::npos) plain.push_back(words[i]);
  return plain;
}

std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(folder)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.path().extension() == ".scenario") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string scenario_test_name(const std::filesystem::path& file) {
  std::string name = file.stem().string();
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

}  // namespace crm::domain::testing
