#include "domain/message_status.hpp"

#include <array>
#include <utility>

namespace crm::domain {
namespace {

// Ranks along a message's life; every final status shares the top rank so none replaces another.
constexpr int final_rank = 10;
constexpr int unknown_rank = 0;
constexpr int no_status_rank = -1;

constexpr std::array<std::pair<std::string_view, int>, 13> ranks = {{
    {"accepted", 1},
    {"scheduled", 2},
    {"queued", 3},
    {"sending", 4},
    {"receiving", 4},
    {"sent", 5},
    {"partially_delivered", 6},
    {"delivered", final_rank},
    {"undelivered", final_rank},
    {"failed", final_rank},
    {"canceled", final_rank},
    {"received", final_rank},
    {"read", final_rank},
}};

int rank_of(std::string_view status) {
  if (status.empty()) return no_status_rank;
  for (const auto& [name, rank] : ranks) {
    if (name == status) return rank;
  }
  return unknown_rank;
}

// Whether update's status replaces current's.
bool moves_forward(std::string_view current, std::string_view update) {
  if (current == update) return false;
  const int from = rank_of(current);
  const int to = rank_of(update);
  // WhatsApp-style read receipts come after delivery; nothing else leaves a final status.
  if (from == final_rank) return current == "delivered" && update == "read";
  return to > from;
}

}  // namespace

bool delivery_state::operator==(const delivery_state& other) const {
  return status == other.status && error_code == other.error_code && error_message == other.error_message &&
         last_unknown_status == other.last_unknown_status;
}

bool is_known_status(std::string_view status) { return rank_of(status) > unknown_rank; }

bool is_final_status(std::string_view status) { return rank_of(status) == final_rank; }

delivery_state merge_status(const delivery_state& current, const status_update& update) {
  delivery_state next = current;
  const bool known = is_known_status(update.status);
  const bool forward = moves_forward(current.status, update.status);
  if (!known && !update.status.empty()) next.last_unknown_status = update.status;
  if (forward) next.status = update.status;
  // A stale report (a late "failed" after "delivered") does not bring its error along; a
  // report that wins, repeats the status, or is unknown does.
  const bool stale = known && !forward && update.status != current.status;
  if (update.error_code && !next.error_code && !stale) {
    next.error_code = update.error_code;
    next.error_message = update.error_message;
  }
  return next;
}

}  // namespace crm::domain
