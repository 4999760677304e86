// OpenSSL 3 deprecates the low-level SHA1_* functions in favour of EVP, but EVP_MD_CTX_copy_ex
// allocates a provider context on every copy: with EVP a validation took about 1.5x as long as
// with this plain struct copy (twilio_bench). The functions remain in OpenSSL 3.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "twilio/hmac_sha1_key.hpp"

#include <openssl/sha.h>

#include <cstring>

namespace crm::twilio {
namespace {

constexpr std::size_t block_size = SHA_CBLOCK;
static_assert(sizeof(SHA_CTX) <= 128, "hash state storage too small");
static_assert(alignof(SHA_CTX) <= 8, "hash state storage misaligned");

SHA_CTX* as_ctx(unsigned char* p) { return reinterpret_cast<SHA_CTX*>(p); }

void padded_state(const unsigned char* key_block, unsigned char pad, unsigned char* storage) {
  unsigned char block[block_size];
  for (std::size_t i = 0; i < block_size; ++i) block[i] = key_block[i] ^ pad;
  SHA1_Init(as_ctx(storage));
  SHA1_Update(as_ctx(storage), block, block_size);
}

}  // namespace

hmac_sha1_key::hmac_sha1_key(std::string_view key) {
  unsigned char key_block[block_size] = {};
  if (key.size() > block_size) {
    SHA1(reinterpret_cast<const unsigned char*>(key.data()), key.size(), key_block);
  } else {
    std::memcpy(key_block, key.data(), key.size());
  }
  padded_state(key_block, 0x36, inner_);
  padded_state(key_block, 0x5c, outer_);
}

hmac_sha1_key::computation::computation(const hmac_sha1_key& key) : key_(key) {
  std::memcpy(ctx_, key.inner_, sizeof(SHA_CTX));
}

void hmac_sha1_key::computation::update(std::string_view data) { SHA1_Update(as_ctx(ctx_), data.data(), data.size()); }

hmac_sha1_key::digest hmac_sha1_key::computation::finish() {
  digest inner{};
  SHA1_Final(inner.data(), as_ctx(ctx_));
  std::memcpy(ctx_, key_.outer_, sizeof(SHA_CTX));
  SHA1_Update(as_ctx(ctx_), inner.data(), inner.size());
  digest out{};
  SHA1_Final(out.data(), as_ctx(ctx_));
  return out;
}

hmac_sha1_key::digest hmac_sha1_key::mac(std::string_view data) const {
  auto c = start();
  c.update(data);
  return c.finish();
}

}  // namespace crm::twilio
