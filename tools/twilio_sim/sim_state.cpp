#include "tools/twilio_sim/sim_state.hpp"

namespace crm::twilio_sim {

sim_state::sim_state(twilio_sim_options opts)
    : options(std::move(opts)),
      callback_poster(options.auth_token),
      inbound_poster(options.auth_token),
      random_(std::random_device{}()) {}

std::string sim_state::new_sid_hex() {
  static constexpr char hex[] = "0123456789abcdef";
  std::lock_guard lock(random_mutex_);
  std::string out;
  for (int i = 0; i < 2; ++i) {
    std::uint64_t bits = random_();
    for (int j = 0; j < 16; ++j, bits >>= 4) out.push_back(hex[bits & 0xF]);
  }
  return out;
}

std::string sim_state::messages_path() const { return "/2010-04-01/Accounts/" + options.account_sid + "/Messages"; }

twilio::time_point sim_state::now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now() + options.clock_offset);
}

}  // namespace crm::twilio_sim
