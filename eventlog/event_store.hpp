#pragma once
// The blocking PostgreSQL adapter of the log. One object owns one connection and is used by
// one thread at a time (libpqxx connections are not thread-safe); actors reach it through
// detached workers, never from a scheduler or reactor thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "eventlog/append_request.hpp"
#include "eventlog/event.hpp"

namespace crm::eventlog {

class event_store {
public:
  /// Connects to `database_url` (libpq URL or key=value string).
  explicit event_store(std::string database_url);

  /// Appends a batch in ONE transaction (group commit): each request succeeds or fails on its
  /// own; a conflict fails only its request. Known event ids return their original result.
  std::vector<append_result> append_batch(const std::vector<append_request>& batch);

  /// Convenience for a single request.
  append_result append(const append_request& request);

  /// The stream's events after `after_version`, in version order (reads: log_reader.hpp).
  event_list read_stream(const std::string& stream_id, std::int64_t after_version = 0);

  /// Up to `limit` events after `after_position`, in position order.
  event_list read_all(std::int64_t after_position, int limit);

  /// The highest committed position (0 when the log is empty).
  std::int64_t head_position();

  /// The underlying connection, for callers that share it (migrations, tools).
  pqxx::connection& connection();

private:
  void ensure_connected();
  std::vector<append_result> append_in_transaction(const std::vector<append_request>& batch);
  /// The batch in one call (migration 0011), or nullopt when it must go the detailed way
  /// (append_one_call.cpp).
  std::optional<std::vector<append_result>> append_in_one_statement(const std::vector<append_request>& batch);
  /// The detailed way: read what the batch touches, decide each request (decide_append), write
  /// what passes (append_with_context.cpp).
  std::vector<append_result> append_with_context(const std::vector<append_request>& batch);

  std::string database_url_;
  std::unique_ptr<pqxx::connection> connection_;
};

/// Name of the channel NOTIFY'd on every append; the payload is the last position written.
inline constexpr const char* append_channel = "crm_events";

}  // namespace crm::eventlog
