#include "twilio/hmac_sha1_key.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace crm::twilio {
namespace {

constexpr std::size_t block_size = 64;

// One fetched SHA-1 implementation for the process: OpenSSL 3 fetches are slow, and
// EVP_sha1() would fetch implicitly on every init.
const EVP_MD* sha1() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  return md;
}

EVP_MD_CTX* as_ctx(void* p) { return static_cast<EVP_MD_CTX*>(p); }

// Only a broken OpenSSL installation fails here; that is a bug, not input.
void check(int ok) {
  if (ok != 1) {
    std::fputs("crm_twilio: OpenSSL SHA-1 failed\n", stderr);
    std::abort();
  }
}

EVP_MD_CTX* padded_state(const unsigned char* key_block, unsigned char pad) {
  unsigned char block[block_size];
  for (std::size_t i = 0; i < block_size; ++i) block[i] = key_block[i] ^ pad;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  check(EVP_DigestInit_ex(ctx, sha1(), nullptr));
  check(EVP_DigestUpdate(ctx, block, block_size));
  return ctx;
}

}  // namespace

hmac_sha1_key::hmac_sha1_key(std::string_view key) {
  unsigned char key_block[block_size] = {};
  if (key.size() > block_size) {
    unsigned int len = 0;
    check(EVP_Digest(key.data(), key.size(), key_block, &len, sha1(), nullptr));
  } else {
    std::memcpy(key_block, key.data(), key.size());
  }
  inner_ = padded_state(key_block, 0x36);
  outer_ = padded_state(key_block, 0x5c);
}

hmac_sha1_key::~hmac_sha1_key() {
  EVP_MD_CTX_free(as_ctx(inner_));
  EVP_MD_CTX_free(as_ctx(outer_));
}

hmac_sha1_key::computation::computation(const hmac_sha1_key& key) : key_(key) {
  // A thread-local context would save the allocation, but EVP_MD_CTX_new is cheap next to
  // the copy and keeps this safe if two computations overlap on one thread.
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  check(EVP_MD_CTX_copy_ex(ctx, as_ctx(key.inner_)));
  ctx_ = ctx;
}

hmac_sha1_key::computation::~computation() { EVP_MD_CTX_free(as_ctx(ctx_)); }

void hmac_sha1_key::computation::update(std::string_view data) {
  check(EVP_DigestUpdate(as_ctx(ctx_), data.data(), data.size()));
}

hmac_sha1_key::digest hmac_sha1_key::computation::finish() {
  digest inner{};
  unsigned int len = 0;
  check(EVP_DigestFinal_ex(as_ctx(ctx_), inner.data(), &len));
  check(EVP_MD_CTX_copy_ex(as_ctx(ctx_), as_ctx(key_.outer_)));
  check(EVP_DigestUpdate(as_ctx(ctx_), inner.data(), inner.size()));
  digest out{};
  check(EVP_DigestFinal_ex(as_ctx(ctx_), out.data(), &len));
  return out;
}

hmac_sha1_key::digest hmac_sha1_key::mac(std::string_view data) const {
  auto c = start();
  c.update(data);
  return c.finish();
}

}  // namespace crm::twilio
