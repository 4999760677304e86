#include "http/messaging_steps.hpp"

#include <atomic>

#include <rapidjson/document.h>

#include "twilio/signature.hpp"

namespace crm::testing {

std::string new_sid() {
  static std::atomic<long> counter{0};
  char buf[40];
  std::snprintf(buf, sizeof buf, "SM%016lx%016lx",
                static_cast<long>(std::chrono::steady_clock::now().time_since_epoch().count()), ++counter);
  return buf;
}

http_response post_signed(crm_server& server, const std::string& path, const twilio::form_params& form,
                          const std::string& signature) {
  twilio::signature_validator signer(crm_server::auth_token);
  auto sig = signature.empty() ? signer.sign(server.base_url() + path, form) : signature;
  http_client c(server.base_url());
  return c.request("POST", path, twilio::encode_form(form), {"X-Twilio-Signature: " + sig},
                   "application/x-www-form-urlencoded");
}

http_response text_in(crm_server& server, const std::string& from, const std::string& body, std::string sid) {
  if (sid.empty()) sid = new_sid();
  twilio::form_params form = {{"MessageSid", sid},
                              {"SmsSid", sid},
                              {"SmsMessageSid", sid},
                              {"AccountSid", crm_server::account_sid},
                              {"From", from},
                              {"To", crm_server::crm_number},
                              {"Body", body},
                              {"NumMedia", "0"},
                              {"NumSegments", "1"},
                              {"SmsStatus", "received"},
                              {"ApiVersion", "2010-04-01"}};
  auto answer = post_signed(server, "/api/crm/sms/webhook", form);
  // Twilio's answer comes after the commit, the read models a moment later: tests read them next.
  if (answer.status == 200) eventually([&] { return !message_status(server, from, sid).empty(); }, 5);
  return answer;
}

std::string make_contact(crm_server& server, const std::string& phone, bool opt_in, const std::string& first) {
  auto r = server.client().request("POST", "/api/crm/contacts",
                                   "{\"firstName\":\"" + first + "\",\"lastName\":\"Tester\",\"phone\":\"" + phone +
                                       "\",\"preferences\":{\"smsOptIn\":" + (opt_in ? "true" : "false") + "}}");
  return json_string(r.body, "contact/_id");
}

int simulator_messages_to(crm_server& server, const std::string& to) {
  http_client sim(server.simulator_url());
  auto r = sim.request("GET", "/sim/messages");
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  int n = 0;
  if (d.IsArray())
    for (auto& m : d.GetArray())
      if (m.HasMember("to") && m["to"].IsString() && to == m["to"].GetString()) ++n;
  return n;
}

long simulator_create_calls(crm_server& server) {
  http_client sim(server.simulator_url());
  return static_cast<long>(json_number(sim.request("GET", "/sim/stats").body, "createCalls"));
}

std::string message_status(crm_server& server, const std::string& phone, const std::string& id_or_sid) {
  auto r = server.client().request(
      "GET", "/api/crm/sms/messages?limit=1000&phoneNumber=" + twilio::form_encode_component(phone));
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  if (!d.IsObject() || !d.HasMember("messages")) return "";
  for (auto& m : d["messages"].GetArray()) {
    bool match = (m["_id"].IsString() && id_or_sid == m["_id"].GetString()) ||
                 (m["twilioMessageSid"].IsString() && id_or_sid == m["twilioMessageSid"].GetString());
    if (match) return m["status"].GetString();
  }
  return "";
}

}  // namespace crm::testing
