#pragma once
// The users read model (table users): one row per user, as GET /api/crm/users and sign-in read
// it. User events are few (a team changes its members now and then), so each is one statement.

#include "projections/projection.hpp"

namespace crm::projections {

class users_projection : public projection {
public:
  std::string name() const override { return "users"; }
  std::vector<std::string> tables() const override { return {"users"}; }
  void apply_batch(pqxx::work& tx, const eventlog::event_list& events) override;
};

}  // namespace crm::projections
