#pragma once
// Feeds projections from the log: reads what committed after their checkpoints, applies it in
// batches, one transaction per batch including the checkpoints. Blocking; one thread uses it.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "projections/projection.hpp"

namespace crm::projections {

class projector {
public:
  /// `batch_size`: events per transaction; tests vary it to show rows do not depend on it.
  projector(std::string database_url, std::vector<std::unique_ptr<projection>> projections, int batch_size = 2000);
  ~projector();

  /// Applies everything committed so far; returns the position every projection has reached.
  std::int64_t catch_up();

  /// Blocks until an append is NOTIFY'd or `timeout` passes (the poll covers lost notifications).
  void wait_for_appends(std::chrono::milliseconds timeout);

  /// The position every projection has reached.
  std::int64_t position() const { return position_; }

private:
  class listener;
  void connect();
  std::int64_t apply_batch();

  std::string database_url_;
  std::vector<std::unique_ptr<projection>> projections_;
  std::vector<std::int64_t> checkpoints_;
  std::unique_ptr<pqxx::connection> work_;
  std::unique_ptr<pqxx::connection> listen_;
  std::unique_ptr<listener> listener_;
  std::int64_t position_ = 0;
  int batch_size_;
};

}  // namespace crm::projections
