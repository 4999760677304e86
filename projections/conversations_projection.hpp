#pragma once
// The conversations read model (conversations_view): one row per thread with its latest
// message, unread and message counts, linked contact and consent state. Kept per event, so
// the list never needs a GROUP BY over the messages; and conversation_phones, each number once,
// for the digit search.

#include <memory>

#include "projections/projection.hpp"

namespace crm::projections {

class conversations_projection : public projection {
public:
  std::string name() const override { return "conversations"; }
  std::vector<std::string> tables() const override { return {"conversations_view", "conversation_phones"}; }
  conversations_projection();
  ~conversations_projection() override;
  void apply_batch(pqxx::work& tx, const eventlog::event_list& events) override;
  void begin_replay() override;
  void finish_replay(pqxx::work& tx) override;

private:
  struct replay_state;
  std::unique_ptr<replay_state> replay_;  ///< set between begin_replay() and finish_replay()
};

}  // namespace crm::projections
