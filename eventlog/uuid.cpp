#include "eventlog/uuid.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace crm::eventlog {
namespace {

std::string format_uuid(const unsigned char* b) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 0xf]);
  }
  return out;
}

// A fixed namespace for this product's v5 ids (itself a random v4 UUID, chosen once).
constexpr std::array<unsigned char, 16> product_namespace = {0x6b, 0x1f, 0x3c, 0x52, 0x9a, 0x0e, 0x4d, 0x21,
                                                             0x8c, 0x47, 0x55, 0x90, 0x2e, 0xd3, 0x71, 0x0a};

}  // namespace

std::string random_uuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return format_uuid(b);
}

std::string name_uuid(std::string_view name) {
  std::string input(reinterpret_cast<const char*>(product_namespace.data()), product_namespace.size());
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr) != 1)
    throw std::runtime_error("SHA-1 failed");
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return format_uuid(digest);
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace crm::eventlog
