#include "projections/all_projections.hpp"

#include "projections/contacts_projection.hpp"
#include "projections/conversations_projection.hpp"
#include "projections/messages_projection.hpp"
#include "projections/users_projection.hpp"

namespace crm::projections {

std::vector<std::unique_ptr<projection>> all_projections() {
  std::vector<std::unique_ptr<projection>> all;
  all.push_back(std::make_unique<contacts_projection>());
  all.push_back(std::make_unique<messages_projection>());
  all.push_back(std::make_unique<conversations_projection>());
  all.push_back(std::make_unique<users_projection>());
  return all;
}

}  // namespace crm::projections
