#include "http/changes_feed.hpp"

#include <spdlog/spdlog.h>

#include "queries/changes.hpp"

namespace crm::http {
namespace {

constexpr int max_changes = 500;
const std::string unavailable =
    "{\"success\":false,\"error\":\"The database is unavailable; try again "
    "shortly\",\"code\":\"database_unavailable\"}";
const std::string failed =
    "{\"success\":false,\"error\":\"The server failed to read the data\",\"code\":\"internal_error\"}";

}  // namespace

void changes_feed::answer(std::int64_t after, responder_ptr out) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& waiting = waiting_[after];
    waiting.push_back(std::move(out));
    if (waiting.size() > 1) return;  // a read for this position is queued: it answers this one too
  }
  app_.queries->submit([self = shared_from_this(), after](pqxx::connection* connection) {
    // Taken before the read starts: a request joining later gets a read of its own, so every
    // answer reads a log at least as new as the wake-up that sent its request here.
    auto waiting = self->take(after);
    auto send = [&waiting](int status, const std::string& body) {
      for (auto& out : waiting) out->json(status, body);
    };
    if (!connection) return send(503, unavailable);
    try {
      send(200, "{\"success\":true," + queries::changes_after_members(*connection, after, max_changes) + "}");
    } catch (const pqxx::broken_connection&) {
      send(503, unavailable);
      throw;  // the pool renews the connection
    } catch (const std::exception& e) {
      spdlog::error("changes after {} failed: {}", after, e.what());
      send(500, failed);
    }
  });
}

std::vector<responder_ptr> changes_feed::take(std::int64_t after) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = waiting_.find(after);
  if (it == waiting_.end()) return {};
  auto waiting = std::move(it->second);
  waiting_.erase(it);
  return waiting;
}

}  // namespace crm::http
