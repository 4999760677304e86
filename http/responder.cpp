#include "http/responder.hpp"

#include "http/security_headers.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <random>
#include <unordered_map>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

namespace crm::http {
namespace {

using namespace Pistache;

// Pistache 0.0.5 drops headers added with addRaw() when it writes a response; typed headers
// are written, so any header we need goes through this one.
class named_header : public Http::Header::Header {
public:
  named_header(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void parseRaw(const char*, size_t) override {}
  void write(std::ostream& os) const override { os << value_; }
  uint64_t hash() const override { return Http::Header::detail::hash(name_.c_str()); }

private:
  std::string name_;
  std::string value_;
};

// The security headers depend only on the kind of response (https is fixed at start-up, before
// the first reply), so each kind's header objects are made once and every reply shares them.
const std::vector<std::shared_ptr<Http::Header::Header>>& security_header_objects(const std::string& content_type,
                                                                                  bool has_cache_control) {
  enum kind { html, json, json_cached_by_handler, other };
  static const auto made = [] {
    std::array<std::vector<std::shared_ptr<Http::Header::Header>>, 4> headers;
    const char* example_type[] = {"text/html", "application/json", "application/json", "text/plain"};
    for (int k = html; k <= other; ++k)
      for (auto& [name, value] : security_headers(example_type[k], k == json_cached_by_handler))
        headers[k].push_back(std::make_shared<named_header>(name, value));
    return headers;
  }();
  if (content_type.rfind("text/html", 0) == 0) return made[html];
  if (content_type.rfind("application/json", 0) == 0) return made[has_cache_control ? json_cached_by_handler : json];
  return made[other];
}

bool wants_close(const Http::Request& request) {
  if (auto connection = request.headers().tryGet<Http::Header::Connection>())
    return connection->control() == Http::ConnectionControl::Close;
  return request.version() == Http::Version::Http10;
}

// Eight hex digits that tell one request's log lines from another's. They need to be distinct,
// not secret, so each thread draws them from its own splitmix64 (seeded once from the OS):
// a RAND_bytes call per request shows in crmd's CPU under ingest (docs/benchmarks.md).
std::string next_request_id() {
  thread_local std::uint64_t state = (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  char id[9];
  std::snprintf(id, sizeof id, "%08x", static_cast<unsigned>(z >> 32));
  return id;
}

// Pistache parses a content type from its text on every call of fromString; crmd answers with
// a handful of them, so each thread keeps the parsed ones.
const Http::Mime::MediaType& media_type(const std::string& content_type) {
  thread_local std::unordered_map<std::string, Http::Mime::MediaType> parsed;
  auto it = parsed.find(content_type);
  if (it == parsed.end()) it = parsed.emplace(content_type, Http::Mime::MediaType::fromString(content_type)).first;
  return it->second;
}

}  // namespace

responder::responder(const Http::Request& request, Http::ResponseWriter writer)
    : writer_(std::move(writer)),
      request_id_(next_request_id()),
      method_(Http::methodString(request.method())),
      path_(request.resource()),
      keep_alive_(!wants_close(request)),
      started_(std::chrono::steady_clock::now()) {}

void responder::add_header(std::string name, std::string value) {
  headers_.emplace_back(std::move(name), std::move(value));
}

void responder::json(int status, const std::string& body) { send(status, body, "application/json; charset=utf-8"); }

void responder::error(int status, const std::string& message, const std::string& code, const std::string& field) {
  std::string body = "{\"success\":false,\"error\":" + json_quote(message) + ",\"code\":" + json_quote(code);
  if (!field.empty()) body += ",\"field\":" + json_quote(field);
  body += "}";
  json(status, body);
}

void responder::send(int status, const std::string& body, const std::string& content_type,
                     const std::vector<std::pair<std::string, std::string>>& headers) {
  if (sent_.exchange(true)) return;
  auto& h = writer_.headers();
  // Pistache 0.0.5 answers "Connection: close" to an HTTP/1.1 request without a Connection
  // header; replacing the one it put there keeps clients on one connection (5x the throughput).
  h.remove<Http::Header::Connection>();
  h.add<Http::Header::Connection>(keep_alive_ ? Http::ConnectionControl::KeepAlive : Http::ConnectionControl::Close);
  h.add(std::make_shared<named_header>("X-Request-Id", request_id_));
  for (auto& [name, value] : headers_) h.add(std::make_shared<named_header>(name, value));
  bool has_cache_control = false;
  for (auto& [name, value] : headers) {
    has_cache_control = has_cache_control || name == "Cache-Control";
    h.add(std::make_shared<named_header>(name, value));
  }
  for (auto& header : security_header_objects(content_type, has_cache_control)) h.add(header);
  auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
  spdlog::info("request method={} path={} status={} duration_ms={:.2f} request_id={}", method_, path_, status, elapsed,
               request_id_);
  try {
    writer_.send(static_cast<Http::Code>(status), body, media_type(content_type));
  } catch (const std::exception& e) {
    spdlog::debug("client left before the reply ({}): {}", request_id_, e.what());
  }
}

responder_ptr respond_to(const Http::Request& request, Http::ResponseWriter writer) {
  return std::make_shared<responder>(request, std::move(writer));
}

std::string json_quote(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return buffer.GetString();
}

}  // namespace crm::http
