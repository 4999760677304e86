#include "http/password_checker.hpp"

#include <sodium.h>

namespace crm::http {

password_checker::password_checker(std::size_t threads, std::size_t max_waiting) : max_waiting_(max_waiting) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

password_checker::~password_checker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

bool password_checker::check(std::string hash, std::string password, std::function<void(bool)> done) {
  {
    std::lock_guard lock(mutex_);
    if (jobs_.size() >= max_waiting_) return false;
    jobs_.push_back({std::move(hash), std::move(password), std::move(done)});
  }
  ready_.notify_one();
  return true;
}

void password_checker::run() {
  for (;;) {
    job j;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, nothing left
      j = std::move(jobs_.front());
      jobs_.pop_front();
    }
    bool matches = crypto_pwhash_str_verify(j.hash.c_str(), j.password.data(), j.password.size()) == 0;
    sodium_memzero(j.password.data(), j.password.size());
    j.done(matches);
  }
}

}  // namespace crm::http
