// libFuzzer target for what a request meets before any handler: request_framing over the raw
// bytes of a connection, and the JSON gate of route_to (looks_like_json, json_depth, then
// RapidJSON on what the gate lets through). Properties, not just "no crash": the framing's
// verdict does not depend on how the bytes were split into reads, json_depth never exceeds
// its limit + 1, and a body the gate passes parses without exhausting the stack.
// RapidJSON 1.1.0 offsets a null stack pointer on its first push, which UBSan's
// pointer-overflow check reports on every parse; CMakeLists.txt turns that check off here only.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <rapidjson/document.h>

#include "http/json_depth.hpp"
#include "http/request_framing.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

int verdict(const crm::http::request_framing& framing, const std::optional<crm::http::framing_refusal>& refusal) {
  return refusal ? refusal->status : (framing.in_body() ? 1 : 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crm::http;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // The JSON gate.
  auto depth = json_depth(bytes);
  require(depth <= max_json_depth + 1);
  if (looks_like_json(bytes) && depth <= max_json_depth) {
    rapidjson::Document d;
    d.Parse(bytes.data(), bytes.size());
  }

  // Framing: all at once, and split at a point the input chooses.
  auto now = request_framing::clock::time_point{};
  request_framing whole(1024 * 1024, now);
  auto whole_refusal = whole.feed(bytes, now);
  std::size_t split = size ? data[0] % (size + 1) : 0;
  request_framing pieces(1024 * 1024, now);
  auto refusal = pieces.feed(bytes.substr(0, split), now);
  if (!refusal) refusal = pieces.feed(bytes.substr(split), now);
  require(verdict(whole, whole_refusal) == verdict(pieces, refusal));
  return 0;
}
