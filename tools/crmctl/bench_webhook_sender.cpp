#include "tools/crmctl/bench_webhook_sender.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <strings.h>

#include "twilio/form_body.hpp"

namespace crm::cli {
namespace {

constexpr const char* inbound_path = "/api/crm/sms/webhook";

bool send_all(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

/// The value of header `name` in `head` (the status line and headers), or "".
std::string header_value(const std::string& head, const char* name) {
  size_t at = head.find("\r\n");
  size_t name_length = std::strlen(name);
  while (at != std::string::npos && at + 2 < head.size()) {
    size_t line = at + 2, end = head.find("\r\n", line);
    if (end == std::string::npos) end = head.size();
    if (end - line > name_length && head[line + name_length] == ':' &&
        strncasecmp(head.c_str() + line, name, name_length) == 0) {
      size_t value = head.find_first_not_of(' ', line + name_length + 1);
      return value < end ? head.substr(value, end - value) : "";
    }
    at = end;
  }
  return "";
}

}  // namespace

bench_webhook_sender::bench_webhook_sender(const webhook_target& target, const twilio::signature_validator& signer)
    : target_(target), signer_(signer), signed_endpoint_(target.public_url + inbound_path) {
  constexpr std::string_view scheme = "http://";
  std::string address = target.url.substr(0, scheme.size()) == scheme ? target.url.substr(scheme.size()) : "";
  address = address.substr(0, address.find('/'));
  auto colon = address.rfind(':');
  if (address.empty() || colon == std::string::npos) throw std::runtime_error("bench ingest wants --url http://host:port");
  host_ = address.substr(0, colon);
  port_ = address.substr(colon + 1);
}

bench_webhook_sender::~bench_webhook_sender() { disconnect(); }

bool bench_webhook_sender::connect() {
  addrinfo hints{}, *found = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found) != 0) return false;
  for (auto* a = found; a && socket_ < 0; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) socket_ = fd;
    else ::close(fd);
  }
  freeaddrinfo(found);
  if (socket_ < 0) return false;
  // Small requests and answers: Nagle's delay would dominate a millisecond-scale latency.
  int one = 1;
  setsockopt(socket_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval timeout{60, 0};
  setsockopt(socket_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ++connections_opened_;
  return true;
}

void bench_webhook_sender::disconnect() {
  if (socket_ >= 0) ::close(socket_);
  socket_ = -1;
  received_.clear();
}

long bench_webhook_sender::read_answer() {
  char chunk[4096];
  auto read_more = [&] {
    auto n = ::recv(socket_, chunk, sizeof chunk, 0);
    while (n < 0 && errno == EINTR) n = ::recv(socket_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    received_.append(chunk, static_cast<size_t>(n));
    return true;
  };
  size_t head_end;
  while ((head_end = received_.find("\r\n\r\n")) == std::string::npos)
    if (!read_more()) return disconnect(), 0L;
  std::string head = received_.substr(0, head_end);
  long status = head.size() > 12 ? std::atol(head.c_str() + 9) : 0;  // "HTTP/1.1 200 OK"
  auto length = header_value(head, "Content-Length");
  if (status == 0 || length.empty()) return disconnect(), status;  // no framing we can reuse
  size_t answer_end = head_end + 4 + std::strtoul(length.c_str(), nullptr, 10);
  while (received_.size() < answer_end)
    if (!read_more()) return disconnect(), 0L;
  received_.erase(0, answer_end);
  if (strcasecmp(header_value(head, "Connection").c_str(), "close") == 0) disconnect();
  return status;
}

long bench_webhook_sender::post_inbound(const std::string& sid, const std::string& from, const std::string& body) {
  twilio::form_params form{{"ToCountry", "US"},       {"SmsMessageSid", sid},        {"NumMedia", "0"},
                           {"SmsSid", sid},           {"SmsStatus", "received"},     {"Body", body},
                           {"To", target_.to},        {"NumSegments", "1"},          {"MessageSid", sid},
                           {"AccountSid", target_.account_sid}, {"From", from},      {"ApiVersion", "2010-04-01"}};
  auto form_text = twilio::encode_form(form);
  std::string request = std::string("POST ") + inbound_path + " HTTP/1.1\r\nHost: " + host_ + ":" + port_ +
                        "\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: " +
                        signer_.sign(signed_endpoint_, form) + "\r\nContent-Length: " +
                        std::to_string(form_text.size()) + "\r\n\r\n" + form_text;
  // A connection crmd closed since the last answer shows up as a failed send or read: one retry
  // on a fresh connection (the webhook is idempotent, as Twilio's retries rely on).
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool fresh = socket_ < 0;
    if (fresh && !connect()) return 0;
    if (send_all(socket_, request)) {
      if (long status = read_answer()) return status;
    } else {
      disconnect();
    }
    if (fresh) return 0;
  }
  return 0;
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
