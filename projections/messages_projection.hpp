#pragma once
// The messages read model (messages_view): every text of every thread, with its delivery
// status kept current, in Twilio's order for imported history.

#include <memory>

#include "projections/projection.hpp"

namespace crm::projections {

class messages_projection : public projection {
public:
  std::string name() const override { return "messages"; }
  std::vector<std::string> tables() const override { return {"messages_view"}; }
  messages_projection();
  ~messages_projection() override;
  void apply_batch(pqxx::work& tx, const eventlog::event_list& events) override;
  void begin_replay() override;
  void finish_replay(pqxx::work& tx) override;

private:
  struct replay_state;
  std::unique_ptr<replay_state> replay_;  ///< set between begin_replay() and finish_replay()
};

/// The number a thread stream belongs to ("thread-+1760..." -> "+1760..."), or "".
std::string thread_phone_of(const std::string& stream_id);

}  // namespace crm::projections
