#pragma once
// HMAC-SHA1 with the key schedule computed once per auth token: the inner and outer padded
// key blocks are hashed up front, so each signature costs only the message blocks. This is
// what makes hundreds of thousands of webhook validations a second possible on one core.
// Starting a computation copies a plain hash state: no allocation, no locking.

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

namespace crm::twilio {

/// An HMAC-SHA1 key with its precomputed pads; immutable, safe to share between threads.
class hmac_sha1_key {
public:
  /// A SHA-1 digest.
  using digest = std::array<std::uint8_t, 20>;

  /// Incremental computation of one HMAC; cheap to create from the key.
  class computation {
  public:
    /// Feeds more message bytes.
    void update(std::string_view data);
    /// Finishes and returns the MAC; the computation must not be used afterwards.
    digest finish();
    computation(const computation&) = delete;
    computation& operator=(const computation&) = delete;

  private:
    friend class hmac_sha1_key;
    explicit computation(const hmac_sha1_key& key);
    const hmac_sha1_key& key_;
    // SHA_CTX storage (96 bytes on every platform OpenSSL supports), kept opaque so OpenSSL
    // stays out of this header.
    alignas(8) unsigned char ctx_[128];
  };

  /// Prepares the key schedule for `key` (any length; longer than 64 bytes is hashed first).
  explicit hmac_sha1_key(std::string_view key);
  hmac_sha1_key(const hmac_sha1_key&) = delete;
  hmac_sha1_key& operator=(const hmac_sha1_key&) = delete;

  /// Starts an HMAC computation with this key.
  computation start() const { return computation(*this); }

  /// HMAC-SHA1 of `data` in one call.
  digest mac(std::string_view data) const;

private:
  alignas(8) unsigned char inner_[128];  // SHA_CTX after hashing key ^ ipad
  alignas(8) unsigned char outer_[128];  // SHA_CTX after hashing key ^ opad
};

}  // namespace crm::twilio
