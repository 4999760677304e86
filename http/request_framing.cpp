#include "http/request_framing.hpp"

#include <algorithm>
#include <cctype>

namespace crm::http {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// A Content-Length value: digits only (RFC 9110 8.6), at most 19 so it fits in 64 bits.
std::optional<std::uint64_t> content_length(std::string_view value) {
  if (value.empty() || value.size() > 19) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

std::string size_in_words(std::uint64_t bytes) {
  constexpr std::uint64_t mib = 1024 * 1024;
  if (bytes >= mib && bytes % mib == 0) return std::to_string(bytes / mib) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

request_framing::request_framing(std::uint64_t max_body_bytes, clock::time_point connected_at)
    : max_body_bytes_(max_body_bytes), waiting_since_(connected_at) {}

std::optional<framing_refusal> request_framing::feed(std::string_view bytes, clock::time_point now) {
  while (!bytes.empty()) {
    if (body_left_ > 0) {
      auto taken = static_cast<std::size_t>(std::min<std::uint64_t>(body_left_, bytes.size()));
      body_left_ -= taken;
      bytes.remove_prefix(taken);
      if (body_left_ == 0) waiting_since_.reset();
      continue;
    }
    if (!waiting_since_) waiting_since_ = now;
    // The end of the head may straddle two reads: search from just before the new bytes.
    std::size_t from = head_.size() >= 3 ? head_.size() - 3 : 0;
    std::size_t room = max_head_bytes + 4 - head_.size();
    head_.append(bytes.substr(0, std::min(room, bytes.size())));
    auto end = head_.find("\r\n\r\n", from);
    if (end == std::string::npos) {
      if (head_.size() > max_head_bytes) return framing_refusal{431, "The request's headers are larger than 16 KiB"};
      return std::nullopt;
    }
    std::size_t used_of_bytes = end + 4 - (head_.size() - std::min(room, bytes.size()));
    head_.resize(end + 2);  // keeps the last header line's CRLF
    bytes.remove_prefix(used_of_bytes);
    if (auto refusal = head_complete(now)) return refusal;
  }
  return std::nullopt;
}

std::optional<framing_refusal> request_framing::head_complete(clock::time_point now) {
  std::string head = std::move(head_);
  head_.clear();
  if (head.find('\0') != std::string::npos) return framing_refusal{400, "The request's headers contain a NUL byte"};
  // Blank lines before a request line are tolerated (RFC 9112 2.2); the first other line is it.
  std::size_t pos = 0;
  while (head.compare(pos, 2, "\r\n") == 0) pos += 2;
  auto line_end = head.find("\r\n", pos);
  if (line_end == std::string::npos) {  // blank lines only: Pistache refuses the missing request line
    waiting_since_.reset();
    return std::nullopt;
  }
  pos = line_end + 2;
  std::optional<std::uint64_t> length;
  while (pos < head.size()) {
    line_end = head.find("\r\n", pos);
    std::string_view line(head.data() + pos, line_end - pos);
    pos = line_end + 2;
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return framing_refusal{400, "A header line has no name and colon; send 'Name: value' lines"};
    auto name = line.substr(0, colon);
    auto value = trimmed(line.substr(colon + 1));
    if (same_name(name, "Transfer-Encoding"))
      return framing_refusal{411, "Send the body with a Content-Length header; Transfer-Encoding is not accepted"};
    if (!same_name(name, "Content-Length")) continue;
    auto n = content_length(value);
    if (!n) return framing_refusal{400, "Content-Length must be a whole number of bytes"};
    if (length && *length != *n) return framing_refusal{400, "The request has two different Content-Length headers"};
    length = n;
  }
  if (length && *length > max_body_bytes_)
    return framing_refusal{413, "The request body is larger than " + size_in_words(max_body_bytes_)};
  body_left_ = length.value_or(0);
  if (body_left_ == 0) waiting_since_.reset();
  else waiting_since_ = now;
  return std::nullopt;
}

}  // namespace crm::http
