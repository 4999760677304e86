// libFuzzer target: keyword normalisation and matching on arbitrary bytes.
#include "domain/keywords.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crm::domain;
  static const keyword_matcher matcher({{"HOURS", "9-5"}, {"INFO", "About us"}, {"STOP", "Bye"}});
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  const std::string word = normalize_keyword(body);
  if (normalize_keyword(word) != word) std::abort();  // normalising twice changes nothing
  const keyword_kind kind = classify_keyword(body);
  if (classify_keyword(word) != kind) std::abort();
  if (kind != keyword_kind::none && word.empty()) std::abort();

  const keyword_match match = matcher.match(body);
  if (kind != keyword_kind::none && match.kind != kind) std::abort();  // carrier words win
  if (match.kind != keyword_kind::none && match.keyword != word) std::abort();
  return 0;
}
