#include "http/login_throttle.hpp"

#include <algorithm>
#include <cctype>

namespace crm::http {
namespace {

std::string account_key(std::string email) {
  std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
  return "account:" + email;
}

std::string address_key(const std::string& address) { return "address:" + address; }

}  // namespace

std::chrono::seconds login_throttle::wait_of(const std::string& key, clock::time_point now) const {
  auto it = records_.find(key);
  if (it == records_.end() || it->second.failures < free_failures) return std::chrono::seconds(0);
  int doublings = std::min(it->second.failures - free_failures, 16);
  auto wait = std::min<std::chrono::seconds>(std::chrono::seconds(1LL << doublings), longest_wait);
  auto until = it->second.last_failure + wait;
  if (until <= now) return std::chrono::seconds(0);
  // Rounded up: a client that waits exactly Retry-After seconds is let in.
  return std::chrono::duration_cast<std::chrono::seconds>(until - now + std::chrono::milliseconds(999));
}

std::chrono::seconds login_throttle::wait_before_try(const std::string& account, const std::string& address,
                                                     clock::time_point now) {
  std::lock_guard lock(mutex_);
  return std::max(wait_of(account_key(account), now), wait_of(address_key(address), now));
}

void login_throttle::failed(const std::string& account, const std::string& address, clock::time_point now) {
  std::lock_guard lock(mutex_);
  forget_old(now);
  for (const auto& key : {account_key(account), address_key(address)}) {
    auto& r = records_[key];
    ++r.failures;
    r.last_failure = now;
  }
}

void login_throttle::succeeded(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  records_.erase(account_key(account));
  records_.erase(address_key(address));
}

void login_throttle::forget_old(clock::time_point now) {
  if (now - last_cleanup_ < std::chrono::minutes(1)) return;
  last_cleanup_ = now;
  for (auto it = records_.begin(); it != records_.end();) {
    if (now - it->second.last_failure > std::chrono::hours(1)) it = records_.erase(it);
    else ++it;
  }
}

}  // namespace crm::http
