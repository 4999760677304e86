#include "domain/gsm7.hpp"

#include <algorithm>
#include <iterator>

namespace crm::domain {
namespace {

// The basic table's characters outside ASCII, sorted for binary search.
constexpr char32_t basic_non_ascii[] = {
    0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C9, 0x00D1, 0x00D6,
    0x00D8, 0x00DC, 0x00DF, 0x00E0, 0x00E4, 0x00E5, 0x00E6, 0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6,
    0x00F8, 0x00F9, 0x00FC, 0x0393, 0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9,
};

constexpr char32_t euro_sign = 0x20AC;

}  // namespace

unsigned gsm7_septets(char32_t cp) {
  if (cp < 0x80) return gsm7_ascii_septets(static_cast<unsigned char>(cp));
  if (cp == euro_sign) return 2;
  return std::binary_search(std::begin(basic_non_ascii), std::end(basic_non_ascii), cp) ? 1 : 0;
}

}  // namespace crm::domain
