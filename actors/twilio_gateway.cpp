#include "actors/twilio_gateway.hpp"

#include <memory>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "actors/send_pacer.hpp"
#include "domain/iso_time.hpp"
#include "twilio/retry_policy.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

struct worker_state {
  std::unique_ptr<twilio::twilio_client> client;
  std::unique_ptr<twilio::retry_policy> retries;
};

// A sent text in Twilio's list: same recipient and body, created since the attempt began. No
// DateSent filter: a message still queued at Twilio has no date_sent and would be missed.
std::optional<twilio::twilio_message> look_up(twilio::twilio_client& client, const gateway_config& config,
                                              const gateway_job& job) {
  twilio::list_messages_request request;
  request.to = job.to;
  if (config.messaging_service_sid.empty()) request.from = config.from_number;
  request.page_size = 100;
  // Generous: Twilio's clock is not ours, and the tests' crmd runs on a clock set to another
  // time of day, up to a day from Twilio's. The body match does the narrowing.
  auto since = domain::parse_iso8601(job.requested_at).value_or(twilio::time_point{}) - std::chrono::hours(48);
  auto page = client.list_messages(request);
  for (int pages = 0; pages < 20 && page.ok(); ++pages) {
    bool older_seen = false;
    for (auto& m : page.value()->messages) {
      auto created = m.date_created_at.value_or(twilio::time_point{});
      if (created < since) older_seen = true;  // newest first: the rest is older still
      else if (m.body == job.body && m.direction.rfind("outbound", 0) == 0 && !job.claimed_sids.count(m.sid)) return m;
    }
    if (older_seen || !page.value()->next_page_uri) break;
    page = client.next_page(*page.value()->next_page_uri);
  }
  return std::nullopt;
}

gateway_result accepted(const twilio::twilio_message& message, int attempts) {
  gateway_result r;
  r.result = gateway_result::kind::accepted;
  r.message = message;
  r.attempts = attempts;
  return r;
}

gateway_result send(worker_state& st, const gateway_config& config, send_pacer& pacer, const gateway_job& job) {
  auto& client = *st.client;
  if (job.look_up_first)
    if (auto found = look_up(client, config, job)) return accepted(*found, 0);
  twilio::create_message_request request;
  request.to = job.to;
  request.from = config.from_number;
  request.messaging_service_sid = config.messaging_service_sid;
  request.body = job.body;
  request.media_urls = job.media_urls;
  request.status_callback = config.status_callback_url;
  gateway_result last;
  for (int attempt = 0;; ++attempt) {
    std::this_thread::sleep_until(
        pacer.reserve(config.messaging_service_sid.empty() ? config.from_number : config.messaging_service_sid));
    // A STOP acknowledged since the send was decided (or during the wait before a retry) ends it.
    if (config.opt_outs && config.opt_outs->opted_out(job.to)) {
      last.result = gateway_result::kind::opted_out;
      last.error_message = "The number opted out (STOP) before Twilio took the text; it was not sent";
      return last;
    }
    auto outcome = client.create_message(request);
    last.attempts = attempt + 1;
    if (auto* message = outcome.value()) return accepted(*message, attempt + 1);
    std::optional<std::chrono::milliseconds> delay;
    if (auto* error = outcome.error()) {
      last.error_code = error->code;
      last.error_message = error->message;
      last.http_status = error->http_status;
      if (twilio::classify(*error) == twilio::failure_class::permanent) {
        last.result = gateway_result::kind::refused;
        return last;
      }
      delay = st.retries->next_delay(*error, attempt);
    } else if (auto* failure = outcome.failure()) {
      last.error_message = "Twilio did not answer: " + failure->detail;
      // It may have been created: look before sending again.
      if (failure->request_may_have_arrived())
        if (auto found = look_up(client, config, job)) return accepted(*found, attempt + 1);
      delay = st.retries->next_delay(*failure, attempt);
    }
    if (!delay) {
      last.result = gateway_result::kind::unavailable;
      return last;
    }
    spdlog::warn("Twilio send {} attempt {} failed ({}); retrying in {} ms", job.message_id, attempt + 1,
                 last.error_message, delay->count());
    std::this_thread::sleep_for(*delay);
  }
}

caf::behavior gateway_worker(caf::stateful_actor<worker_state>* self, gateway_config config,
                             std::shared_ptr<send_pacer> pacer) {
  self->state.client = std::make_unique<twilio::twilio_client>(config.client);
  twilio::retry_config retry;
  retry.max_retries = config.max_retries;
  self->state.retries = std::make_unique<twilio::retry_policy>(retry);
  return {
      [=](send_atom, const gateway_job& job) -> gateway_result { return send(self->state, config, *pacer, job); },
      [=](fetch_atom, const std::string& sid) -> gateway_result {
        auto outcome = self->state.client->fetch_message(sid);
        if (auto* message = outcome.value()) return accepted(*message, 1);
        gateway_result r;
        if (auto* error = outcome.error()) {
          r.result = gateway_result::kind::refused;
          r.error_code = error->code;
          r.error_message = error->message;
          r.http_status = error->http_status;
        } else {
          r.error_message = outcome.failure()->detail;
        }
        return r;
      },
      [=](list_atom, const twilio::list_messages_request& request, int limit) -> caf::result<twilio_messages> {
        twilio_messages all;
        auto page = self->state.client->list_messages(request);
        while (page.ok()) {
          for (auto& m : page.value()->messages) {
            if (static_cast<int>(all.size()) >= limit) return all;
            all.push_back(m);
          }
          if (!page.value()->next_page_uri) return all;
          page = self->state.client->next_page(*page.value()->next_page_uri);
        }
        auto* error = page.error();
        return caf::make_error(caf::sec::runtime_error, error ? error->message : page.failure()->detail);
      },
  };
}

}  // namespace

caf::actor spawn_twilio_gateway(caf::actor_system& system, const gateway_config& config) {
  auto pacer = std::make_shared<send_pacer>(config.messages_per_second);
  auto factory = [&system, config, pacer] { return system.spawn<caf::detached>(gateway_worker, config, pacer); };
  return caf::actor_pool::make(system.dummy_execution_unit(), config.workers, factory, caf::actor_pool::round_robin());
}

}  // namespace crm::actors
