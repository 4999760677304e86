#include "tools/twilio_sim/fault_plan.hpp"

namespace crm::twilio_sim {

void fault_plan::add(const fault& f, int count) {
  if (count <= 0) return;
  std::lock_guard lock(mutex_);
  planned_.emplace_back(f, count);
}

std::optional<fault> fault_plan::take() {
  std::lock_guard lock(mutex_);
  if (planned_.empty()) return std::nullopt;
  fault f = planned_.front().first;
  if (--planned_.front().second == 0) planned_.pop_front();
  return f;
}

void fault_plan::clear() {
  std::lock_guard lock(mutex_);
  planned_.clear();
}

}  // namespace crm::twilio_sim
