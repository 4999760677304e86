#include "domain/password_policy.hpp"

#include <unordered_set>

#include "domain/utf8.hpp"

namespace crm::domain {
namespace detail {
// Defined in common_passwords.cpp, which domain/CMakeLists.txt generates from
// common_passwords.txt: newline-separated passwords in several literals, since compilers limit
// the length of one.
extern const std::string_view common_password_chunks[];
extern const std::size_t common_password_chunk_count;
}  // namespace detail

namespace {

// Length is what makes guessing slow; code points, so that a non-Latin password is not
// held to a higher standard for taking more bytes.
constexpr std::size_t min_code_points = 10;
// Far beyond any real password; bounds what one request makes us hash and store.
constexpr std::size_t max_bytes = 1024;

const std::unordered_set<std::string_view>& common_passwords() {
  // Views into the literals: built once, no copies of the list.
  static const std::unordered_set<std::string_view> passwords = [] {
    std::unordered_set<std::string_view> set;
    set.reserve(10'000);
    for (std::size_t i = 0; i < detail::common_password_chunk_count; ++i) {
      std::string_view chunk = detail::common_password_chunks[i];
      while (!chunk.empty()) {
        const std::size_t end = chunk.find('\n');
        const std::string_view line = chunk.substr(0, end);
        if (!line.empty()) set.insert(line);
        chunk.remove_prefix(end == std::string_view::npos ? chunk.size() : end + 1);
      }
    }
    return set;
  }();
  return passwords;
}

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) next_code_point(text, pos);
  return count;
}

// ASCII only: the list is ASCII, so no other letter could make a match.
std::string ascii_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace

std::optional<std::string> password_refusal(std::string_view password) {
  // First, so that an oversized input is neither decoded nor copied.
  if (password.size() > max_bytes) return "The password must be at most 1024 bytes";
  if (code_point_count(password) < min_code_points) return "The password must be at least 10 characters long";
  if (common_passwords().count(ascii_lower(password)) != 0) {
    return "That password is one of the 10,000 most common ones; choose another";
  }
  return std::nullopt;
}

std::size_t common_password_count() { return common_passwords().size(); }

}  // namespace crm::domain
