#include "eventlog/event_chain.hpp"

#include <memory>

#include <openssl/evp.h>

namespace crm::eventlog {
namespace {

using digest_context = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

void add_field(EVP_MD_CTX* ctx, const std::string& value) {
  auto prefix = std::to_string(value.size()) + ":";
  EVP_DigestUpdate(ctx, prefix.data(), prefix.size());
  EVP_DigestUpdate(ctx, value.data(), value.size());
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string chain_hash(const std::string& previous_hash, std::int64_t position, const std::string& stream_id,
                       std::int64_t version, const std::string& event_id, const std::string& type,
                       const std::string& data, const std::string& metadata, const std::string& recorded_at) {
  // One context per thread, reset for each link: a verification hashes millions of them.
  thread_local digest_context context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  auto* ctx = context.get();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, previous_hash.data(), previous_hash.size());
  add_field(ctx, std::to_string(position));
  add_field(ctx, stream_id);
  add_field(ctx, std::to_string(version));
  add_field(ctx, event_id);
  add_field(ctx, type);
  add_field(ctx, data);
  add_field(ctx, metadata);
  add_field(ctx, recorded_at);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string to_hex(const std::string& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string from_hex(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    int high = hex_digit(hex[i]), low = hex_digit(hex[i + 1]);
    if (high < 0 || low < 0) break;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

}  // namespace crm::eventlog
