#include "eventlog/event_store.hpp"

#include <spdlog/spdlog.h>

#include "eventlog/log_reader.hpp"
#include "eventlog/prepared_sql.hpp"

namespace crm::eventlog {

event_store::event_store(std::string database_url) : database_url_(std::move(database_url)) { ensure_connected(); }

pqxx::connection& event_store::connection() {
  ensure_connected();
  return *connection_;
}

void event_store::ensure_connected() {
  if (connection_ && connection_->is_open()) return;
  connection_ = std::make_unique<pqxx::connection>(database_url_);
  plan_each_execution(*connection_);
  disable_jit(*connection_);
}

append_result event_store::append(const append_request& request) { return append_batch({request}).front(); }

std::vector<append_result> event_store::append_batch(const std::vector<append_request>& batch) {
  // Event ids make every append idempotent, so a batch whose commit outcome is unknown (the
  // connection broke) can simply be sent again: what committed comes back as the original result.
  for (int attempt = 0;; ++attempt) {
    try {
      ensure_connected();
      return append_in_transaction(batch);
    } catch (const pqxx::broken_connection& e) {
      connection_.reset();
      if (attempt >= 2) {
        std::vector<append_result> failed(batch.size());
        for (auto& r : failed) r.message = std::string("database unavailable: ") + e.what();
        return failed;
      }
    } catch (const std::exception& e) {
      // Something in the batch broke the transaction (bad JSON, say): isolate it by
      // appending each request on its own, so one bad append fails alone.
      if (batch.size() == 1) {
        append_result failed;
        failed.message = e.what();
        spdlog::warn("append failed: {}", e.what());
        return {failed};
      }
      std::vector<append_result> results;
      for (auto& request : batch) results.push_back(append_batch({request}).front());
      return results;
    }
  }
}

std::vector<append_result> event_store::append_in_transaction(const std::vector<append_request>& batch) {
  if (auto results = append_in_one_statement(batch)) return *results;
  return append_with_context(batch);
}

event_list event_store::read_stream(const std::string& stream_id, std::int64_t after_version) {
  ensure_connected();
  pqxx::read_transaction tx(*connection_);
  return stream_events(tx, stream_id, after_version);
}

event_list event_store::read_all(std::int64_t after_position, int limit) {
  ensure_connected();
  pqxx::read_transaction tx(*connection_);
  return events_after(tx, after_position, limit);
}

std::int64_t event_store::head_position() {
  ensure_connected();
  pqxx::read_transaction tx(*connection_);
  return eventlog::head_position(tx);
}

}  // namespace crm::eventlog
