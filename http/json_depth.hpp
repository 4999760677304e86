#pragma once
// RapidJSON parses recursively, one C++ frame per nesting level, so a body of 150,000 '['
// (150 KB, well under the 1 MiB limit) overflowed crmd's stack and killed it before any
// handler ran. Every request body that looks like JSON is measured first, iteratively, and
// one nested deeper than any real document of this API (under 10 levels) is refused with
// 400 invalid_json (route_to in app.hpp). Pure and Pistache-free, so the fuzz target links it.

#include <cstddef>
#include <string_view>

namespace crm::http {

/// Deepest nesting a request body may have; real documents here stay under 10.
inline constexpr std::size_t max_json_depth = 64;

/// True when the first non-blank character opens an object or an array.
bool looks_like_json(std::string_view body);

/// The deepest nesting of objects and arrays in `json`, counting only brackets outside
/// strings; stops counting (and answers limit + 1) once past `limit`. Malformed JSON is
/// measured as far as it goes: the parser reports what is wrong with it.
std::size_t json_depth(std::string_view json, std::size_t limit = max_json_depth);

}  // namespace crm::http
