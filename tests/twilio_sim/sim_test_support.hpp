#pragma once
// Test helpers for the simulator: a tiny HTTP listener standing in for the CRM (records what
// it receives, answers a canned reply), a plain libcurl call for the control endpoints, and a
// bounded wait. Header-only so it stays out of the shared tests/support folder.

#include <curl/curl.h>
#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "twilio/form_body.hpp"

namespace crm::twilio_sim::testing {

/// A request the listener received.
struct received_request {
  std::string path;
  std::string signature;
  std::string content_type;
  std::string body;
  twilio::form_params form;
};

/// Records requests; answers each with `status` and `body`.
class fake_crm {
public:
  fake_crm() : endpoint_(Pistache::Address("127.0.0.1", Pistache::Port(0))) {
    shared_ = std::make_shared<shared>();
    endpoint_.init(Pistache::Http::Endpoint::options().threads(1));
    endpoint_.setHandler(std::make_shared<handler>(shared_));
    endpoint_.serveThreaded();
  }
  ~fake_crm() { endpoint_.shutdown(); }

  /// "http://127.0.0.1:<port>".
  std::string url() const { return "http://127.0.0.1:" + std::to_string(static_cast<uint16_t>(endpoint_.getPort())); }

  /// Sets the canned reply.
  void answer(int status, std::string body, std::string content_type = "text/xml") {
    std::lock_guard lock(shared_->mutex);
    shared_->status = status;
    shared_->body = std::move(body);
    shared_->content_type = std::move(content_type);
  }

  /// Waits (bounded) until at least `n` requests arrived; returns them all.
  std::vector<received_request> wait_for(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(shared_->mutex);
    shared_->changed.wait_for(lock, limit, [&] { return shared_->requests.size() >= n; });
    return shared_->requests;
  }

  /// Everything received so far.
  std::vector<received_request> received() {
    std::lock_guard lock(shared_->mutex);
    return shared_->requests;
  }

private:
  struct shared {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<received_request> requests;
    int status = 200;
    std::string body = R"(<?xml version="1.0" encoding="UTF-8"?><Response />)";
    std::string content_type = "text/xml";
  };

  class handler : public Pistache::Http::Handler {
  public:
    HTTP_PROTOTYPE(handler)
    explicit handler(std::shared_ptr<shared> s) : shared_(std::move(s)) {}
    void onRequest(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer) override {
      received_request r;
      r.path = request.resource();
      if (auto sig = request.headers().tryGetRaw("X-Twilio-Signature")) r.signature = sig->value();
      if (auto type = request.headers().tryGet<Pistache::Http::Header::ContentType>())
        r.content_type = type->mime().toString();
      r.body = request.body();
      auto parsed = twilio::parse_form(r.body);
      if (parsed) r.form = *parsed.params;
      int status;
      std::string body, type;
      {
        std::lock_guard lock(shared_->mutex);
        shared_->requests.push_back(std::move(r));
        status = shared_->status;
        body = shared_->body;
        type = shared_->content_type;
      }
      shared_->changed.notify_all();
      writer.send(static_cast<Pistache::Http::Code>(status), body, Pistache::Http::Mime::MediaType::fromString(type));
    }

  private:
    std::shared_ptr<shared> shared_;
  };

  Pistache::Http::Endpoint endpoint_;
  std::shared_ptr<shared> shared_;
};

/// A plain HTTP answer.
struct http_answer {
  long status = 0;
  std::string body;
  std::string headers;
};

inline size_t append_to(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

/// One HTTP call with libcurl; `body` non-null means POST with JSON.
inline http_answer http_call(const std::string& url, const std::string* body = nullptr) {
  http_answer answer;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 20000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append_to);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.headers);
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (body) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->c_str());
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return answer;
}

/// POSTs JSON.
inline http_answer http_post(const std::string& url, const std::string& json) { return http_call(url, &json); }

/// Polls `condition` until true or `limit` passes; true when it became true.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

}  // namespace crm::twilio_sim::testing
