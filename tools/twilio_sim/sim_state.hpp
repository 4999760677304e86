#pragma once
// What the simulator's handlers and background threads share. Runners are declared after the
// posters they use, so they are destroyed (and joined) first.

#include <atomic>
#include <mutex>
#include <random>
#include <string>

#include "tools/twilio_sim/delayed_runner.hpp"
#include "tools/twilio_sim/fault_plan.hpp"
#include "tools/twilio_sim/message_store.hpp"
#include "tools/twilio_sim/twilio_sim.hpp"
#include "tools/twilio_sim/webhook_poster.hpp"

namespace crm::twilio_sim {

/// The simulator's shared state.
struct sim_state {
  /// Copies the options and seeds the sid generator.
  explicit sim_state(twilio_sim_options opts);

  /// 32 random lowercase hex digits for a new sid.
  std::string new_sid_hex();

  /// "/2010-04-01/Accounts/<sid>/Messages".
  std::string messages_path() const;

  /// Twilio's time, in whole seconds as its dates have (shifted by options.clock_offset).
  twilio::time_point now() const;

  /// The configuration.
  const twilio_sim_options options;
  /// All messages.
  message_store messages;
  /// Injected Create faults.
  fault_plan faults;
  /// Create calls received, faulty or not (tests prove "never retried" with it).
  std::atomic<long> create_calls{0};
  /// Used only on the `callbacks` thread.
  webhook_poster callback_poster;
  /// Used only on the `requests` thread.
  webhook_poster inbound_poster;
  /// Status callbacks, one message's steps in order.
  delayed_runner callbacks;
  /// Inbound webhooks posted for /sim/inbound.
  delayed_runner requests;
  /// Replies held open by the hang fault.
  delayed_runner timers;

private:
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

}  // namespace crm::twilio_sim
