#include "projections/all_projections.hpp"

#include "projections/contacts_projection.hpp"

namespace crm::projections {

std::vector<std::unique_ptr<projection>> all_projections() {
  std::vector<std::unique_ptr<projection>> all;
  all.push_back(std::make_unique<contacts_projection>());
  return all;
}

}  // namespace crm::projections
