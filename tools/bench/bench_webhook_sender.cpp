#include "tools/bench/bench_webhook_sender.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <strings.h>
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "twilio/form_body.hpp"

namespace crm::cli {
namespace {

constexpr const char* inbound_path = "/api/crm/sms/webhook";

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

struct bench_webhook_sender::connection {
  int index = 0;
  int fd = -1;
  std::string out;       // the request in flight
  size_t sent = 0;       // bytes of it sent
  std::string received;  // bytes read and not yet consumed
  std::string sid;       // of the request in flight
  send_schedule::clock::time_point scheduled, next_at;
  unsigned long long next_text = 0;
  bool in_flight = false;
  bool on_fresh_connection = false;  // opened for this request: a failure is not a stale keep-alive
  bool retried = false;
  bool done = false;
};

bench_webhook_sender::bench_webhook_sender(const webhook_target& target, const twilio::signature_validator& signer)
    : target_(target), signer_(signer), signed_endpoint_(target.public_url + inbound_path) {
  constexpr std::string_view scheme = "http://";
  std::string address = target.url.substr(0, scheme.size()) == scheme ? target.url.substr(scheme.size()) : "";
  address = address.substr(0, address.find('/'));
  auto colon = address.rfind(':');
  if (address.empty() || colon == std::string::npos)
    throw std::runtime_error("bench ingest wants --url http://host:port");
  host_ = address.substr(0, colon);
  port_ = address.substr(colon + 1);
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
}

bench_webhook_sender::~bench_webhook_sender() { ::close(epoll_); }

bool bench_webhook_sender::open(connection& c) {
  addrinfo hints{}, *found = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found) != 0) return false;
  for (auto* a = found; a && c.fd < 0; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) c.fd = fd;  // loopback: blocking is brief
    else ::close(fd);
  }
  freeaddrinfo(found);
  if (c.fd < 0) return false;
  // Small requests and answers: Nagle's delay would dominate a millisecond-scale latency.
  int one = 1;
  setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
  epoll_event watch{};
  watch.events = EPOLLIN;
  watch.data.u32 = static_cast<std::uint32_t>(c.index);
  epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &watch);
  ++connections_opened_;
  return true;
}

void bench_webhook_sender::close(connection& c) {
  if (c.fd >= 0) ::close(c.fd);  // closing also takes it out of the epoll set
  c.fd = -1;
  c.received.clear();
}

bool bench_webhook_sender::send_request(connection& c) {
  while (c.sent < c.out.size()) {
    auto n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // The socket's buffer is full (not seen with 700-byte requests): finish when it drains.
      epoll_event watch{};
      watch.events = EPOLLIN | EPOLLOUT;
      watch.data.u32 = static_cast<std::uint32_t>(c.index);
      epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &watch);
      return true;
    }
    if (n <= 0) return false;
    c.sent += static_cast<size_t>(n);
  }
  return true;
}

long bench_webhook_sender::read_answer(connection& c) {
  char chunk[4096];
  bool closed = false;
  for (;;) {
    auto n = ::recv(c.fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      c.received.append(chunk, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    closed = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
    break;
  }
  size_t head_end = c.received.find("\r\n\r\n");
  if (head_end == std::string::npos) return closed ? 0 : -1;
  std::string head = c.received.substr(0, head_end);
  long status = head.size() > 12 ? std::atol(head.c_str() + 9) : 0;  // "HTTP/1.1 200 OK"
  auto length = header_value(head, "Content-Length");
  if (status == 0 || length.empty()) return close(c), status;  // no framing we can reuse
  size_t answer_end = head_end + 4 + std::strtoul(length.c_str(), nullptr, 10);
  if (c.received.size() < answer_end) return closed ? 0 : -1;
  c.received.erase(0, answer_end);
  if (closed || strcasecmp(header_value(head, "Connection").c_str(), "close") == 0) close(c);
  return status;
}

std::string bench_webhook_sender::request_bytes(const inbound_text& text) const {
  twilio::form_params form{{"ToCountry", "US"},       {"SmsMessageSid", text.sid},
                           {"NumMedia", "0"},         {"SmsSid", text.sid},
                           {"SmsStatus", "received"}, {"Body", text.body},
                           {"To", target_.to},        {"NumSegments", "1"},
                           {"MessageSid", text.sid},  {"AccountSid", target_.account_sid},
                           {"From", text.from},       {"ApiVersion", "2010-04-01"}};
  auto form_text = twilio::encode_form(form);
  return std::string("POST ") + inbound_path + " HTTP/1.1\r\nHost: " + host_ + ":" + port_ +
         "\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: " +
         signer_.sign(signed_endpoint_, form) + "\r\nContent-Length: " + std::to_string(form_text.size()) + "\r\n\r\n" +
         form_text;
}

void bench_webhook_sender::run(const send_schedule& schedule, const text_maker& make, const answer_taker& take) {
  using clock = send_schedule::clock;
  bool closed_loop = schedule.interval == clock::duration::zero();
  std::vector<connection> connections(schedule.first.size());
  for (size_t i = 0; i < connections.size(); ++i) {
    connections[i].index = static_cast<int>(i);
    connections[i].next_at = schedule.first[i];
  }
  auto finish = [&](connection& c, long status) {
    take(c.index, c.sid, status, std::chrono::duration<double, std::milli>(clock::now() - c.scheduled).count());
    c.in_flight = false;
    c.next_at = closed_loop
                    ? clock::now()
                    : schedule.first[static_cast<size_t>(c.index)] + schedule.interval * static_cast<long>(c.next_text);
  };
  // A connection crmd closed since the last answer shows up as a failed send or read: one retry
  // on a fresh connection (the webhook is idempotent, as Twilio's retries rely on).
  auto fail = [&](connection& c) {
    close(c);
    if (!c.on_fresh_connection && !c.retried) {
      c.retried = c.on_fresh_connection = true;
      c.sent = 0;
      if (open(c) && send_request(c)) return;
      close(c);
    }
    finish(c, 0);
  };
  auto start = [&](connection& c, clock::time_point now) {
    c.scheduled = closed_loop ? now : c.next_at;
    auto text = make(c.index, c.next_text++);
    c.sid = std::move(text.sid);
    c.out = request_bytes({c.sid, std::move(text.from), std::move(text.body)});
    c.sent = 0;
    c.retried = false;
    c.on_fresh_connection = c.fd < 0;
    c.in_flight = true;
    if (c.fd < 0 && !open(c)) return finish(c, 0);
    if (!send_request(c)) fail(c);
  };

  epoll_event ready[64];
  for (;;) {
    auto now = clock::now();
    bool active = false;
    auto wake = clock::time_point::max();
    for (auto& c : connections) {
      if (!c.in_flight && !c.done && c.next_at >= schedule.stop) c.done = true;
      if (c.done) continue;
      active = true;
      if (c.in_flight) continue;
      if (c.next_at <= now) start(c, now);
      else wake = std::min(wake, c.next_at);
    }
    if (!active) break;
    timespec timeout{}, *wait = nullptr;
    if (wake != clock::time_point::max()) {
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wake - clock::now()).count();
      if (ns < 0) ns = 0;
      timeout.tv_sec = static_cast<time_t>(ns / 1000000000);
      timeout.tv_nsec = static_cast<long>(ns % 1000000000);
      wait = &timeout;
    }
    int n = epoll_pwait2(epoll_, ready, 64, wait, nullptr);
    if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_pwait2: ") + std::strerror(errno));
    for (int i = 0; i < n; ++i) {
      auto& c = connections[ready[i].data.u32];
      if (c.fd < 0) continue;
      if (!c.in_flight) {  // crmd closed an idle keep-alive connection: the next text reopens it
        close(c);
        continue;
      }
      if ((ready[i].events & EPOLLOUT) && c.sent < c.out.size()) {
        if (!send_request(c)) {
          fail(c);
          continue;
        }
        if (c.sent == c.out.size()) {
          epoll_event watch{};
          watch.events = EPOLLIN;
          watch.data.u32 = static_cast<std::uint32_t>(c.index);
          epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &watch);
        }
      }
      if (!(ready[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      long status = read_answer(c);
      if (status < 0) continue;  // more of the answer to come
      if (status == 0) fail(c);
      else finish(c, status);
    }
  }
  for (auto& c : connections) close(c);
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
