#include "projections/projector.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "eventlog/event_store.hpp"
#include "eventlog/log_reader.hpp"
#include "eventlog/prepared_sql.hpp"

namespace crm::projections {
namespace {

constexpr const char* ensure_checkpoint =
    "INSERT INTO projection_checkpoints (projection, position) VALUES ($1, 0) ON CONFLICT DO NOTHING";
constexpr const char* select_checkpoint = "SELECT position FROM projection_checkpoints WHERE projection = $1";
constexpr const char* update_checkpoint =
    "UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE projection = $1";

}  // namespace

class projector::listener : public pqxx::notification_receiver {
public:
  explicit listener(pqxx::connection_base& c) : pqxx::notification_receiver(c, eventlog::append_channel) {}
  void operator()(const std::string&, int) override {}
};

projector::projector(std::string database_url, std::vector<std::unique_ptr<projection>> projections, int batch_size)
    : database_url_(std::move(database_url)), projections_(std::move(projections)), batch_size_(batch_size) {
  connect();
}

projector::~projector() = default;

void projector::connect() {
  listener_.reset();
  listen_ = std::make_unique<pqxx::connection>(database_url_);
  listener_ = std::make_unique<listener>(*listen_);
  work_ = std::make_unique<pqxx::connection>(database_url_);
  eventlog::plan_each_execution(*work_);
  eventlog::disable_jit(*work_);
  pqxx::work tx(*work_);
  checkpoints_.clear();
  for (auto& p : projections_) {
    tx.exec_params0(ensure_checkpoint, p->name());
    checkpoints_.push_back(tx.exec_params1(select_checkpoint, p->name())[0].as<std::int64_t>());
  }
  tx.commit();
  position_ = checkpoints_.empty() ? 0 : *std::min_element(checkpoints_.begin(), checkpoints_.end());
}

std::int64_t projector::apply_batch() {
  auto from = *std::min_element(checkpoints_.begin(), checkpoints_.end());
  pqxx::work tx(*work_);
  auto events = eventlog::events_after(tx, from, batch_size_);
  if (events.empty()) return 0;
  std::vector<std::int64_t> next = checkpoints_;
  for (size_t i = 0; i < projections_.size(); ++i) {
    // A projection that is ahead (a rebuild swapped it in) skips what it has already seen.
    auto first = std::find_if(events.begin(), events.end(), [&](auto& e) { return e.position > checkpoints_[i]; });
    if (first == events.end()) continue;
    if (first == events.begin()) projections_[i]->apply_batch(tx, events);
    else projections_[i]->apply_batch(tx, eventlog::event_list(first, events.end()));
    next[i] = events.back().position;
  }
  for (size_t i = 0; i < projections_.size(); ++i)
    if (next[i] != checkpoints_[i])
      eventlog::exec_prepared_sql(tx, "projector_checkpoint", update_checkpoint, projections_[i]->name(), next[i]);
  tx.commit();
  checkpoints_ = next;
  position_ = *std::min_element(checkpoints_.begin(), checkpoints_.end());
  return static_cast<std::int64_t>(events.size());
}

std::int64_t projector::catch_up() {
  if (projections_.empty()) return position_;
  try {
    if (!work_ || !work_->is_open()) connect();
    while (apply_batch() == batch_size_) {
    }
  } catch (const pqxx::broken_connection& e) {
    spdlog::warn("projector lost the database: {}", e.what());
    work_.reset();
  } catch (const std::exception& e) {
    // The batch rolled back; it is retried on the next round, never skipped.
    spdlog::error("projection failed after position {}: {}", position_, e.what());
  }
  return position_;
}

void projector::wait_for_appends(std::chrono::milliseconds timeout) {
  try {
    if (!listen_ || !listen_->is_open()) connect();
    auto us = timeout.count() * 1000;
    listen_->await_notification(us / 1000000, us % 1000000);
  } catch (const pqxx::broken_connection&) {
    listen_.reset();
  }
}

}  // namespace crm::projections
