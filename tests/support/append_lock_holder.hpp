#pragma once
// A database that stops answering appends, for tests: the appenders' advisory lock (key 7263510,
// eventlog/event_store.cpp) held from a session of its own, so every append blocks inside the
// database until `release`.

#include <string>

#include <pqxx/pqxx>

namespace crm::testing {

class append_lock_holder {
public:
  explicit append_lock_holder(const std::string& url) : connection_(url) {
    pqxx::nontransaction(connection_).exec("SELECT pg_advisory_lock(7263510)");
  }

  /// The database answers appends again; the blocked ones go on.
  void release() { pqxx::nontransaction(connection_).exec("SELECT pg_advisory_unlock(7263510)"); }

private:
  pqxx::connection connection_;
};

}  // namespace crm::testing
