#pragma once
// Every read model crmd keeps, in the order the projector applies them.

#include <memory>
#include <vector>

#include "projections/projection.hpp"

namespace crm::projections {

/// Fresh instances of every projection.
std::vector<std::unique_ptr<projection>> all_projections();

}  // namespace crm::projections
