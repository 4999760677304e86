#pragma once
// A few threads, each with its own PostgreSQL connection, for the queries behind GET requests:
// Pistache's reactor threads hand work here and never block on the database.

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/pqxx>

namespace crm::projections {

class db_pool {
public:
  /// A job gets a connection, or nullptr when the database cannot be reached: either way it
  /// must answer its caller. An exception it lets escape is logged and the connection renewed.
  using job = std::function<void(pqxx::connection*)>;

  db_pool(std::string database_url, size_t threads);
  ~db_pool();

  /// Queues a job; it runs on one of the pool's threads.
  void submit(job j);

private:
  void run();

  std::string database_url_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace crm::projections
