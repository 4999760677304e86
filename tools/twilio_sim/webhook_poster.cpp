#include "tools/twilio_sim/webhook_poster.hpp"

#include <curl/curl.h>

#include <cctype>

namespace crm::twilio_sim {
namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

}  // namespace

webhook_poster::webhook_poster(const std::string& auth_token) : signer_(auth_token), curl_(curl_easy_init()) {}

webhook_poster::~webhook_poster() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

webhook_reply webhook_poster::post(const std::string& url, const twilio::form_params& params) {
  webhook_reply reply;
  CURL* curl = static_cast<CURL*>(curl_);
  if (!curl) {
    reply.error = "curl_easy_init failed";
    return reply;
  }
  curl_easy_reset(curl);
  std::string body = twilio::encode_form(params);
  std::string signature = "X-Twilio-Signature: " + signer_.sign(url, params);
  curl_slist* headers = curl_slist_append(nullptr, signature.c_str());
  headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
  headers = curl_slist_append(headers, "User-Agent: TwilioProxy/1.1");
  headers = curl_slist_append(headers, "Expect:");
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 15000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    reply.error = std::string(curl_easy_strerror(rc)) + (*error_text ? ": " : "") + error_text;
    return reply;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  char* type = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
  if (type) reply.content_type = type;
  return reply;
}

}  // namespace crm::twilio_sim
