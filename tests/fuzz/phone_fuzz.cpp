// libFuzzer target: the phone number parser and formatters on arbitrary bytes.
#include "domain/phone_number.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const char* const regions[] = {"US", "GB", "CA", "DE", "", "ZZ"};
  if (size == 0) return 0;
  const std::string region = regions[data[0] % 6];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);

  for (char c : crm::domain::digits_of(text)) {
    if (c < '0' || c > '9') std::abort();
  }
  auto parsed = crm::domain::parse_phone_number(text, region);
  if (!parsed) return 0;
  // A parsed number is E.164, and parsing its E.164 form gives it back unchanged.
  if (parsed->e164.size() < 2 || parsed->e164[0] != '+') std::abort();
  auto again = crm::domain::parse_phone_number(parsed->e164, region);
  if (!again || again->e164 != parsed->e164 || again->region_code != parsed->region_code) {
    std::abort();
  }
  if (crm::domain::display_phone_number(parsed->e164, region).empty()) std::abort();
  crm::domain::describe_region(parsed->e164);
  return 0;
}
