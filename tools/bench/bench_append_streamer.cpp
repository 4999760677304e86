#include "tools/bench/bench_append_streamer.hpp"

#include <chrono>

#include <caf/all.hpp>

#include "actors/message_types.hpp"
#include "eventlog/uuid.hpp"

namespace crm::cli {
namespace {

using clock_type = std::chrono::steady_clock;

struct streamer_state {
  std::string stream_id;
  std::int64_t version = 0;
  std::vector<double> latencies_ms;
};

using streamer = caf::stateful_actor<streamer_state>;

eventlog::append_request next_request(const streamer_state& st) {
  eventlog::stream_append stream;
  stream.stream_id = st.stream_id;
  // The expected version is checked as for a real entity, so the benchmark pays for it too.
  stream.expected_version = st.version;
  stream.events.push_back(
      {eventlog::random_uuid(), "BenchEventAppended", "{\"n\":" + std::to_string(st.version + 1) + "}", "{}"});
  eventlog::append_request request;
  request.streams.push_back(std::move(stream));
  return request;
}

// Every way out goes through here: the state (and its samples) is gone once the actor is.
void finish(streamer* self, const std::shared_ptr<append_tally>& tally, const std::string& failure = "") {
  {
    std::lock_guard<std::mutex> lock(tally->mutex);
    auto& mine = self->state.latencies_ms;
    tally->latencies_ms.insert(tally->latencies_ms.end(), mine.begin(), mine.end());
    if (!failure.empty() && tally->first_failure.empty()) tally->first_failure = failure;
  }
  --tally->running;
  self->quit();
}

void append_next(streamer* self, caf::actor appender, std::shared_ptr<append_tally> tally) {
  auto sent = clock_type::now();
  self->request(appender, std::chrono::seconds(60), actors::append_atom::value, next_request(self->state))
      .then(
          [=](eventlog::append_result& result) {
            if (result.status != eventlog::append_status::ok || result.new_versions.empty())
              return finish(self, tally, "append refused: " + result.message);
            if (tally->measuring)
              self->state.latencies_ms.push_back(
                  std::chrono::duration<double, std::milli>(clock_type::now() - sent).count());
            self->state.version = result.new_versions.front();
            ++tally->committed;
            if (tally->stop) return finish(self, tally);
            append_next(self, appender, tally);
          },
          [=](caf::error& err) { finish(self, tally, "appender did not answer: " + self->system().render(err)); });
}

caf::behavior append_streamer(streamer* self, caf::actor appender, std::string stream_id,
                              std::shared_ptr<append_tally> tally) {
  self->state.stream_id = std::move(stream_id);
  append_next(self, appender, tally);
  return {
      [=](actors::stop_atom) { finish(self, tally); },
  };
}

}  // namespace

void spawn_append_streamer(caf::actor_system& system, const caf::actor& appender, std::string stream_id,
                           std::shared_ptr<append_tally> tally) {
  // Counted before the spawn, so the caller never sees zero while one is still starting.
  ++tally->running;
  system.spawn(append_streamer, appender, std::move(stream_id), std::move(tally));
}

}  // namespace crm::cli
