#include "tools/bench/bench_http_client.hpp"

#include <stdexcept>

#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::cli {
namespace {

size_t collect_body(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string json_quote(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return buffer.GetString();
}

}  // namespace

bench_http_client::bench_http_client(std::string base_url) : base_url_(std::move(base_url)), curl_(curl_easy_init()) {
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
  auto* curl = static_cast<CURL*>(curl_);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // Small requests and answers: Nagle's delay would dominate a millisecond-scale latency.
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  use_token("");
}

bench_http_client::~bench_http_client() {
  curl_slist_free_all(static_cast<curl_slist*>(headers_));
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

void bench_http_client::use_token(std::string token) {
  token_ = std::move(token);
  curl_slist_free_all(static_cast<curl_slist*>(headers_));
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  if (!token_.empty()) list = curl_slist_append(list, ("Authorization: Bearer " + token_).c_str());
  headers_ = list;
}

bench_response bench_http_client::get(const std::string& path) { return perform(path, nullptr); }

bench_response bench_http_client::post(const std::string& path, const std::string& json) {
  return perform(path, &json);
}

bench_response bench_http_client::perform(const std::string& path, const std::string* json) {
  auto* curl = static_cast<CURL*>(curl_);
  bench_response response;
  auto url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (json) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json->c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(json->size()));
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(headers_));
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  auto rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) throw std::runtime_error(url + ": " + curl_easy_strerror(rc));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  long opened = 0;  // CURLINFO_NUM_CONNECTS counts the last transfer only
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &opened);
  connections_opened_ += opened;
  return response;
}

void bench_http_client::sign_in(const std::string& email, const std::string& password) {
  auto r = post("/api/auth/login", "{\"email\":" + json_quote(email) + ",\"password\":" + json_quote(password) + "}");
  auto token = json_member_string(r.body, "token");
  if (r.status != 200 || token.empty())
    throw std::runtime_error("sign-in refused (HTTP " + std::to_string(r.status) + "): " + r.body);
  use_token(token);
}

std::string json_member_string(const std::string& body, const char* name) {
  rapidjson::Document d;
  d.Parse(body.c_str(), body.size());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember(name) || !d[name].IsString()) return "";
  return d[name].GetString();
}

long long json_pagination_total(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str(), body.size());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("pagination")) return -1;
  auto& p = d["pagination"];
  if (!p.IsObject() || !p.HasMember("total") || !p["total"].IsInt64()) return -1;
  return p["total"].GetInt64();
}

}  // namespace crm::cli
