#include "tools/twilio_sim/message_life.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "twilio/rfc2822_time.hpp"

namespace crm::twilio_sim {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The contract's US prices: $0.0079 per SMS segment, $0.02 per MMS.
std::string price_for(int segments, int media) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f", media > 0 ? -0.02 : -0.0079 * segments);
  return buf;
}

// YYMMDDhhmm in GMT, as carriers report delivery.
std::string raw_dlr_done_date(twilio::time_point now) {
  std::string iso = twilio::format_iso8601(now);  // 2023-08-24T05:01:45Z
  return iso.substr(2, 2) + iso.substr(5, 2) + iso.substr(8, 2) + iso.substr(11, 2) + iso.substr(14, 2);
}

void step(sim_state& state, const std::string& sid, const std::string& status) {
  auto now = state.now();
  sim_message snapshot;
  bool known = state.messages.update(sid, [&](sim_message& m) {
    auto& r = m.resource;
    r.status = status;
    r.date_updated = twilio::format_rfc2822(now);
    r.date_updated_at = now;
    if (status == "sent") {
      r.date_sent = r.date_updated;
      r.date_sent_at = now;
      if (r.num_segments == 0) {
        r.num_segments = 1;
        r.num_segments_text = "1";
      }
      r.price = price_for(r.num_segments, r.num_media);
    }
    if (status == "undelivered") {
      r.error_code = 30003;
      r.error_message = "Unreachable destination handset";
    }
    snapshot = m;
  });
  if (!known || snapshot.status_callback.empty()) return;
  const auto& r = snapshot.resource;
  twilio::form_params form = {{"MessageSid", r.sid},
                              {"SmsSid", r.sid},
                              {"MessageStatus", status},
                              {"SmsStatus", status},
                              {"AccountSid", r.account_sid},
                              {"From", r.from},
                              {"To", r.to},
                              {"ApiVersion", "2010-04-01"}};
  if (!r.messaging_service_sid.empty()) form.emplace_back("MessagingServiceSid", r.messaging_service_sid);
  if (r.error_code) form.emplace_back("ErrorCode", std::to_string(*r.error_code));
  if (status == "delivered" || status == "undelivered") form.emplace_back("RawDlrDoneDate", raw_dlr_done_date(now));
  auto reply = state.callback_poster.post(snapshot.status_callback, form);
  if (reply.status < 200 || reply.status > 299) {
    // Twilio does not retry status callbacks either; the CRM reconciles by fetching.
    spdlog::warn("twilio-sim: status callback {} {} -> {} {}", sid, status, reply.status, reply.error);
  }
}

}  // namespace

void start_message_life(sim_state& state, const std::string& sid) {
  auto found = state.messages.find(sid);
  if (!found) return;
  bool unreachable = ends_with(found->resource.to, "0000");
  const char* steps[] = {"sending", "sent", unreachable ? "undelivered" : "delivered"};
  auto due = delayed_runner::clock::now();
  sim_state* s = &state;  // the runner is owned by the state, so it never outlives it
  for (const char* status : steps) {
    due += state.options.callback_delay;
    std::string st = status;
    state.callbacks.schedule(due, [s, sid, st] { step(*s, sid, st); });
  }
}

}  // namespace crm::twilio_sim
