#include "twilio/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "twilio/url_port.hpp"

namespace crm::twilio {
namespace {

using param = std::pair<std::string, std::string>;

// Sorting pointers, not the pairs, keeps validation free of string copies.
std::vector<const param*> sorted(const form_params& params) {
  std::vector<const param*> order;
  order.reserve(params.size());
  for (const auto& p : params) order.push_back(&p);
  // Name first, then value: this is "several values of one name, each sorted" in one pass.
  // std::string compares bytes as unsigned char, which is the byte order Twilio uses.
  std::sort(order.begin(), order.end(), [](const param* a, const param* b) {
    int by_name = a->first.compare(b->first);
    return by_name != 0 ? by_name < 0 : a->second < b->second;
  });
  // Identical name/value pairs count once: the contract's repeated-Digits vector only matches
  // that way (twilio-python signs sorted(set(values)) per name).
  order.erase(std::unique(order.begin(), order.end(), [](const param* a, const param* b) { return *a == *b; }),
              order.end());
  return order;
}

std::string base64(const hmac_sha1_key::digest& d) {
  std::array<unsigned char, 32> out{};
  int n = EVP_EncodeBlock(out.data(), d.data(), static_cast<int>(d.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::string sign_sorted(const hmac_sha1_key& key, std::string_view url, const std::vector<const param*>& order) {
  auto c = key.start();
  c.update(url);
  for (const param* p : order) {
    c.update(p->first);
    c.update(p->second);
  }
  return base64(c.finish());
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  // The length of a signature is public (always 28 for SHA-1); only the bytes are secret.
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool validate_sorted(const hmac_sha1_key& key, std::string_view url, const std::vector<const param*>& order,
                     std::string_view signature) {
  // The URL as given is always one of the two accepted spellings, and the usual one; try it
  // first so a typical webhook costs one HMAC.
  if (equal_constant_time(sign_sorted(key, url, order), signature)) return true;
  std::string other = url_without_port(url);
  if (other == url) other = url_with_default_port(url);
  if (other == url) return false;
  return equal_constant_time(sign_sorted(key, other, order), signature);
}

// The value of bodySHA256 in the URL's query, if present.
std::optional<std::string_view> body_hash_param(std::string_view url) {
  std::size_t q = url.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  constexpr std::string_view key = "bodySHA256=";
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(pos, end - pos);
    if (item.substr(0, key.size()) == key) return item.substr(key.size());
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::string signature_data(std::string_view url, const form_params& params) {
  std::string data(url);
  for (const param* p : sorted(params)) {
    data += p->first;
    data += p->second;
  }
  return data;
}

std::string body_sha256_hex(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0x0F]);
  }
  return out;
}

signature_validator::signature_validator(std::string_view auth_token) : key_(auth_token) {}

std::string signature_validator::sign(std::string_view url, const form_params& params) const {
  return sign_sorted(key_, url, sorted(params));
}

bool signature_validator::validate(std::string_view url, const form_params& params, std::string_view signature) const {
  return validate_sorted(key_, url, sorted(params), signature);
}

bool signature_validator::validate_json(std::string_view url, std::string_view body, std::string_view signature) const {
  auto expected_hash = body_hash_param(url);
  if (!expected_hash) return false;
  std::string given(*expected_hash);
  std::transform(given.begin(), given.end(), given.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  bool hash_ok = equal_constant_time(body_sha256_hex(body), given);
  bool signature_ok = validate_sorted(key_, url, {}, signature);
  return hash_ok && signature_ok;
}

std::string compute_signature(std::string_view auth_token, std::string_view url, const form_params& params) {
  return signature_validator(auth_token).sign(url, params);
}

bool validate_signature(std::string_view auth_token, std::string_view url, const form_params& params,
                        std::string_view signature) {
  return signature_validator(auth_token).validate(url, params, signature);
}

bool validate_json_signature(std::string_view auth_token, std::string_view url, std::string_view body,
                             std::string_view signature) {
  return signature_validator(auth_token).validate_json(url, body, signature);
}

}  // namespace crm::twilio
