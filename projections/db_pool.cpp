#include "projections/db_pool.hpp"

#include <spdlog/spdlog.h>

#include "eventlog/prepared_sql.hpp"

namespace crm::projections {

db_pool::db_pool(std::string database_url, size_t threads) : database_url_(std::move(database_url)) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

db_pool::~db_pool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

void db_pool::submit(job j) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(j));
  }
  ready_.notify_one();
}

void db_pool::run() {
  std::unique_ptr<pqxx::connection> connection;
  for (;;) {
    job next;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_ && jobs_.empty()) return;
      next = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      if (!connection || !connection->is_open()) {
        connection = std::make_unique<pqxx::connection>(database_url_);
        eventlog::disable_jit(*connection);
      }
    } catch (const std::exception& e) {
      spdlog::error("query pool cannot connect: {}", e.what());
      connection.reset();
    }
    try {
      next(connection.get());
      if (connection && !connection->is_open()) connection.reset();
    } catch (const std::exception& e) {
      spdlog::error("query failed: {}", e.what());
      connection.reset();
    }
  }
}

}  // namespace crm::projections
