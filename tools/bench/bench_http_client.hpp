#pragma once
// A keep-alive HTTP/1.1 client for the benchmarks: one libcurl easy handle, so one TCP
// connection reused across requests, used by one thread at a time. Call curl_global_init
// before the first one is made (libcurl's global init is not thread-safe).

#include <string>

namespace crm::cli {

/// One answer: status and body.
struct bench_response {
  long status = 0;
  std::string body;
};

/// A keep-alive client bound to one base URL, sending a bearer token once signed in.
class bench_http_client {
public:
  /// `base_url` like http://127.0.0.1:8080 (no trailing slash).
  explicit bench_http_client(std::string base_url);
  ~bench_http_client();
  bench_http_client(const bench_http_client&) = delete;
  bench_http_client& operator=(const bench_http_client&) = delete;

  /// GET `path`; throws std::runtime_error when no HTTP answer came.
  bench_response get(const std::string& path);
  /// POST `json` to `path`; throws std::runtime_error when no HTTP answer came.
  bench_response post(const std::string& path, const std::string& json);
  /// Signs in; throws when refused. Signing in costs an Argon2id hash: share the token.
  void sign_in(const std::string& email, const std::string& password);
  /// Uses a token obtained elsewhere.
  void use_token(std::string token);
  /// The session token (empty before sign-in).
  const std::string& token() const { return token_; }
  /// TCP connections opened so far: 1 when keep-alive held throughout.
  long connections_opened() const { return connections_opened_; }

private:
  bench_response perform(const std::string& path, const std::string* json);

  std::string base_url_;
  std::string token_;
  void* curl_ = nullptr;
  void* headers_ = nullptr;  // curl_slist*, rebuilt when the token changes
  long connections_opened_ = 0;
};

/// The string member `name` of a JSON object body, or "".
std::string json_member_string(const std::string& body, const char* name);

/// pagination.total of a contacts list body, or -1.
long long json_pagination_total(const std::string& body);

}  // namespace crm::cli
