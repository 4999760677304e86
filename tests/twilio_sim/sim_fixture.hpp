#pragma once
// Starts a simulator in-process on a free port, and a twilio_client pointed at it.

#include <gtest/gtest.h>

#include <memory>

#include "tools/twilio_sim/twilio_sim.hpp"
#include "twilio/twilio_client.hpp"

namespace crm::twilio_sim::testing {

/// The simulator (ephemeral port, no callback delay by default) and a client for it.
class sim_fixture : public ::testing::Test {
protected:
  /// Starts the simulator with `options` (port forced to 0).
  void start(twilio_sim_options options = {}) {
    options.port = 0;
    sim_ = std::make_unique<twilio_sim>(options);
    std::string error;
    ASSERT_TRUE(sim_->start(&error)) << error;
    ASSERT_NE(sim_->port(), 0);
  }

  void SetUp() override {
    twilio_sim_options options;
    options.callback_delay = std::chrono::milliseconds(0);
    start(options);
  }

  void TearDown() override { sim_.reset(); }

  /// A client with the simulator's credentials.
  twilio::twilio_client client(std::chrono::milliseconds total = std::chrono::seconds(15)) {
    twilio::twilio_client_config config;
    config.base_url = sim_->base_url();
    config.account_sid = sim_->options().account_sid;
    config.auth_token = sim_->options().auth_token;
    config.total_timeout = total;
    return twilio::twilio_client(config);
  }

  /// A Create request from the success number.
  static twilio::create_message_request text(std::string to, std::string body) {
    twilio::create_message_request r;
    r.to = std::move(to);
    r.from = "+15005550006";
    r.body = std::move(body);
    return r;
  }

  std::unique_ptr<twilio_sim> sim_;
};

}  // namespace crm::twilio_sim::testing
