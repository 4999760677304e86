#pragma once
// Slows password guessing. Failures are counted per account (the email as typed, known or
// not, so the answer does not tell which accounts exist) and per client address; from the 5th
// failure on, that key must wait before its next try: 1 s, then twice as long after each
// further failure, at most 5 minutes, so an attacker can keep the real user out for minutes at
// most, never for good. A success clears the account and the address. Keys with no failure for
// an hour are forgotten. Pure but for its mutex: times come in as arguments.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace crm::http {

class login_throttle {
public:
  using clock = std::chrono::steady_clock;

  static constexpr int free_failures = 5;
  static constexpr std::chrono::seconds longest_wait{300};

  /// How long `account` from `address` must still wait before trying; zero when it may try now.
  std::chrono::seconds wait_before_try(const std::string& account, const std::string& address, clock::time_point now);
  /// Records a wrong password.
  void failed(const std::string& account, const std::string& address, clock::time_point now);
  /// Records a sign-in: the account and the address start afresh.
  void succeeded(const std::string& account, const std::string& address);

private:
  struct record {
    int failures = 0;
    clock::time_point last_failure;
  };
  std::chrono::seconds wait_of(const std::string& key, clock::time_point now) const;
  void forget_old(clock::time_point now);

  std::mutex mutex_;
  std::unordered_map<std::string, record> records_;  // "account:<email>" and "address:<ip>"
  clock::time_point last_cleanup_{};
};

}  // namespace crm::http
