// The request framing that stands in front of Pistache's parser, byte by byte.

#include <gtest/gtest.h>

#include "http/json_depth.hpp"
#include "http/request_framing.hpp"

namespace crm::http {
namespace {

using clock = request_framing::clock;
using namespace std::string_literals;

std::optional<framing_refusal> feed_all(const std::string& bytes, std::size_t piece = std::string::npos) {
  request_framing framing(1024, clock::now());
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    if (auto refusal = framing.feed(std::string_view(bytes).substr(at, piece), clock::now())) return refusal;
    if (piece == std::string::npos) break;
  }
  return std::nullopt;
}

void expect_refused(const std::string& bytes, int status, std::size_t piece = std::string::npos) {
  auto refusal = feed_all(bytes, piece);
  ASSERT_TRUE(refusal) << bytes.substr(0, 80);
  EXPECT_EQ(refusal->status, status) << bytes.substr(0, 80);
}

TEST(request_framing, accepts_pipelined_requests_split_anywhere) {
  std::string two =
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
      "GET /b HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t piece : {std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(7), two.size()})
    EXPECT_FALSE(feed_all(two, piece)) << "pieces of " << piece;
}

TEST(request_framing, a_body_that_looks_like_a_head_is_body) {
  request_framing framing(1024, clock::now());
  EXPECT_FALSE(framing.feed("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\nBad\r\nline\r\n", clock::now()));
  EXPECT_FALSE(framing.waiting_since());
}

TEST(request_framing, refuses_content_lengths_that_are_not_whole_numbers) {
  for (std::string value : {"-1", "99999999999999999999", "1e3", "", "12 34", "0x10", "+5"})
    expect_refused("POST / HTTP/1.1\r\nContent-Length: " + value + "\r\n\r\n", 400);
}

TEST(request_framing, refuses_two_different_content_lengths_and_takes_two_equal_ones) {
  expect_refused("POST / HTTP/1.1\r\nContent-Length: 3\r\ncontent-length: 4\r\n\r\nabcd", 400);
  EXPECT_FALSE(feed_all("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"));
}

TEST(request_framing, refuses_lines_without_a_colon_and_nul_bytes) {
  expect_refused("GET / HTTP/1.1\r\nHost x\r\n\r\n", 400);
  expect_refused("GET / HTTP/1.1\r\nHost: x\r\n more\r\n\r\n", 400);
  expect_refused("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n"s, 400);
}

TEST(request_framing, refuses_chunked_bodies_oversized_bodies_and_heads) {
  expect_refused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411);
  expect_refused("POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n", 413);
  expect_refused("GET / HTTP/1.1\r\nX: " + std::string(20000, 'a'), 431, 1000);
}

TEST(request_framing, says_since_when_a_head_or_body_is_owed) {
  auto connected = clock::now();
  request_framing framing(1024, connected);
  EXPECT_EQ(framing.waiting_since(), connected);  // a new connection owes its first head
  auto later = connected + std::chrono::seconds(5);
  EXPECT_FALSE(framing.feed("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab", later));
  EXPECT_TRUE(framing.in_body());
  EXPECT_EQ(framing.waiting_since(), later);
  EXPECT_FALSE(framing.feed("cd", later + std::chrono::seconds(1)));
  EXPECT_FALSE(framing.waiting_since());  // between requests nothing is owed
  auto next = later + std::chrono::seconds(30);
  EXPECT_FALSE(framing.feed("GE", next));
  EXPECT_EQ(framing.waiting_since(), next);
}

TEST(json_depth, counts_brackets_outside_strings_and_stops_past_the_limit) {
  EXPECT_EQ(json_depth("{}"), 1u);
  EXPECT_EQ(json_depth(R"({"a":[1,{"b":[]}]})"), 4u);
  EXPECT_EQ(json_depth(R"({"a":"[[[[{{{{\"[[["})"), 1u);
  EXPECT_EQ(json_depth(std::string(150000, '['), 64), 65u);
  EXPECT_EQ(json_depth(std::string(64, '[') + std::string(64, ']'), 64), 64u);
  EXPECT_TRUE(looks_like_json("  \n{"));
  EXPECT_FALSE(looks_like_json("Body=%5B"));
}

}  // namespace
}  // namespace crm::http
