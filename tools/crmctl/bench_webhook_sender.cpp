#include "tools/crmctl/bench_webhook_sender.hpp"

#include <cstdio>
#include <stdexcept>

#include <curl/curl.h>

#include "twilio/form_body.hpp"

namespace crm::cli {
namespace {

constexpr const char* inbound_path = "/api/crm/sms/webhook";

size_t collect_answer(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

bench_webhook_sender::bench_webhook_sender(const webhook_target& target, const twilio::signature_validator& signer)
    : target_(target), signer_(signer), endpoint_(target.url + inbound_path),
      signed_endpoint_(target.public_url + inbound_path), curl_(curl_easy_init()) {
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
  auto* curl = static_cast<CURL*>(curl_);
  curl_easy_setopt(curl, CURLOPT_URL, endpoint_.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_answer);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer_);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // Small requests and answers: Nagle's delay would dominate a millisecond-scale latency.
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
}

bench_webhook_sender::~bench_webhook_sender() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

long bench_webhook_sender::post_inbound(const std::string& sid, const std::string& from, const std::string& body) {
  twilio::form_params form{{"ToCountry", "US"},       {"SmsMessageSid", sid},        {"NumMedia", "0"},
                           {"SmsSid", sid},           {"SmsStatus", "received"},     {"Body", body},
                           {"To", target_.to},        {"NumSegments", "1"},          {"MessageSid", sid},
                           {"AccountSid", target_.account_sid}, {"From", from},      {"ApiVersion", "2010-04-01"}};
  auto form_text = twilio::encode_form(form);
  auto signature = "X-Twilio-Signature: " + signer_.sign(signed_endpoint_, form);
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/x-www-form-urlencoded");
  headers = curl_slist_append(headers, signature.c_str());
  auto* curl = static_cast<CURL*>(curl_);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form_text.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(form_text.size()));
  answer_.clear();
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  long status = 0, opened = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &opened);
  connections_opened_ += opened;
  return status;
}

std::string message_sid(unsigned long long run_id, unsigned long long counter) {
  char sid[35];
  std::snprintf(sid, sizeof sid, "SM%016llx%016llx", run_id, counter);
  return sid;
}

std::string sender_number(unsigned long long n, unsigned long long count) {
  // Exchanges 200-999 of area code 760: valid for libphonenumber, like real US mobiles.
  unsigned long long subscriber = 2000000 + (n % count) * 7 % 8000000;
  return "+1760" + std::to_string(subscriber);
}

}  // namespace crm::cli
