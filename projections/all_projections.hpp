#pragma once
// Every read model crmd keeps, in the order the projector applies them.

#include <memory>
#include <vector>

#include "projections/projection.hpp"

namespace crm::projections {

/// Fresh instances of every projection.
std::vector<std::unique_ptr<projection>> all_projections();

/// crmd follows the log with one projector per lane, side by side, each on its own thread and
/// connection: the projections are independent (each event carries what they need, each has
/// its own checkpoint), and under full load one projector alternating between its C++ fold and
/// its statements fell behind the webhooks (docs/benchmarks.md). Messages, the heaviest read
/// model, has a lane of its own; contacts and conversations share the other.
constexpr int projection_lanes = 2;

/// Fresh instances of the projections of `lane` (0 .. projection_lanes - 1).
std::vector<std::unique_ptr<projection>> lane_projections(int lane);

}  // namespace crm::projections
