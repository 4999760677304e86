#pragma once
// The fixture of the messaging tests (messaging.httptest.cpp, webhooks.httptest.cpp,
// twilio_faults.httptest.cpp): one crmd and simulator for the whole messaging_api suite, in
// whichever file its tests are.

#include <string>

#include <gtest/gtest.h>

#include "http/server_process.hpp"

namespace crm::testing {

class messaging_api : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    server_options options;
    options.simulator = true;
    server = new crm_server(options);
  }
  static void TearDownTestSuite() { delete server; }
  http_client& api() { return server->client(); }
  http_response send(const std::string& to, const std::string& body) {
    return api().request("POST", "/api/crm/sms/send", "{\"to\":\"" + to + "\",\"body\":\"" + body + "\"}");
  }
  inline static crm_server* server = nullptr;
};

}  // namespace crm::testing
