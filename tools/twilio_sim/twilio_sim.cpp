#include "tools/twilio_sim/twilio_sim.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include "tools/twilio_sim/control_routes.hpp"
#include "tools/twilio_sim/rest_routes.hpp"
#include "tools/twilio_sim/sim_state.hpp"

namespace crm::twilio_sim {
namespace {

using namespace Pistache;

// Pistache clones the handler per reactor thread; the clones share the state.
class sim_handler : public Http::Handler {
public:
  HTTP_PROTOTYPE(sim_handler)

  explicit sim_handler(std::shared_ptr<sim_state> state) : state_(std::move(state)) {}

  void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
    if (request.resource().rfind("/2010-04-01/", 0) == 0) {
      handle_rest(*state_, request, std::move(writer));
    } else {
      handle_control(*state_, request, std::move(writer));
    }
  }

private:
  std::shared_ptr<sim_state> state_;
};

}  // namespace

twilio_sim::twilio_sim(twilio_sim_options options) : options_(std::move(options)) {}

twilio_sim::~twilio_sim() { stop(); }

bool twilio_sim::start(std::string* error) {
  if (endpoint_) return true;
  try {
    state_ = std::make_shared<sim_state>(options_);
    Address address(options_.host, Port(options_.port));
    auto endpoint = std::make_unique<Http::Endpoint>(address);
    // Pistache's default request limit is 4 KB; Create bodies with media URLs can exceed it.
    endpoint->init(Http::Endpoint::options()
                       .threads(options_.threads)
                       .flags(Tcp::Options::ReuseAddr)
                       .maxRequestSize(options_.max_request_size));
    endpoint->setHandler(std::make_shared<sim_handler>(state_));
    endpoint->serveThreaded();
    port_ = static_cast<std::uint16_t>(endpoint->getPort());
    endpoint_ = std::move(endpoint);
    return true;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    state_.reset();
    return false;
  }
}

void twilio_sim::stop() {
  if (!endpoint_) return;
  // Background threads first: they hold response writers that point into the endpoint.
  state_->callbacks.stop();
  state_->requests.stop();
  state_->timers.stop();
  endpoint_->shutdown();
  endpoint_.reset();
  state_.reset();
}

std::string twilio_sim::base_url() const { return "http://" + options_.host + ":" + std::to_string(port_); }

}  // namespace crm::twilio_sim
