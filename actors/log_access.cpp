#include "actors/log_access.hpp"

#include <memory>

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "eventlog/event_store.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;
using eventlog::append_request;
using eventlog::append_result;

// Enough to amortise the commit, small enough to keep a batch's transaction short.
constexpr size_t max_batch = 2000;

// Batches in flight at once (see flush).
constexpr int writer_count = 2;

// Connects lazily and again after a failure, so a database restart heals by itself.
struct store_holder {
  std::string url;
  std::unique_ptr<eventlog::event_store> store;
  eventlog::event_store& get() {
    if (!store) store = std::make_unique<eventlog::event_store>(url);
    return *store;
  }
};

caf::behavior log_writer(caf::stateful_actor<store_holder>* self, std::string url) {
  self->state.url = std::move(url);
  return {
      [=](append_atom, const append_batch& batch) -> append_results {
        try {
          return self->state.get().append_batch(batch);
        } catch (const std::exception& e) {
          self->state.store.reset();
          spdlog::error("appender cannot reach the database: {}", e.what());
          append_results failed(batch.size());
          for (auto& r : failed) r.message = std::string("database unavailable: ") + e.what();
          return failed;
        }
      },
  };
}

caf::behavior stream_reader(caf::stateful_actor<store_holder>* self, std::string url) {
  self->state.url = std::move(url);
  return {
      [=](read_atom, const std::string& stream_id, std::int64_t after_version) -> caf::result<eventlog::event_list> {
        try {
          return self->state.get().read_stream(stream_id, after_version);
        } catch (const std::exception& e) {
          self->state.store.reset();
          spdlog::error("cannot read stream {}: {}", stream_id, e.what());
          return caf::make_error(caf::sec::runtime_error, e.what());
        }
      },
  };
}

// Every append is answered within `answer_within` of its arrival (30 s in crmd), whatever the
// database does: a batch's request to its writer times out when its oldest append's time is up.
// Appends are batched in arrival order, so the batches in flight hold only older appends and
// time out first, which frees a writer for the waiting ones before their time is up. The
// callers (entity actors) therefore ask without a timeout of their own, which had cost two
// pushes to CAF's clock thread per append (docs/benchmarks.md). A timed-out append may still
// commit: the caller answers 503, and the retry finds its event ids (event_store.cpp).
struct waiting_append {
  append_request request;
  caf::response_promise promise;
  std::chrono::steady_clock::time_point arrived;
};

struct appender_state {
  std::vector<caf::actor> idle_writers;
  std::vector<waiting_append> pending;  // in arrival order
  std::chrono::milliseconds answer_within{append_answer_bound};
};

// Group commit: whatever arrives while the writers are busy goes into the next batch, so the
// batch grows with the load and a lone append waits for nobody. Two writers keep two batches in
// flight: one holds the append lock while the other's commit is being flushed (event_store.cpp).
void flush(caf::stateful_actor<appender_state>* self) {
  auto& st = self->state;
  if (st.idle_writers.empty() || st.pending.empty()) return;
  auto taken = st.pending.begin() + static_cast<std::ptrdiff_t>(std::min(max_batch, st.pending.size()));
  append_batch batch;
  std::vector<caf::response_promise> promises;
  for (auto it = st.pending.begin(); it != taken; ++it) {
    batch.push_back(std::move(it->request));
    promises.push_back(it->promise);
  }
  auto oldest = st.pending.front().arrived;
  st.pending.erase(st.pending.begin(), taken);
  auto writer = st.idle_writers.back();
  st.idle_writers.pop_back();
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(st.answer_within -
                                                                    (std::chrono::steady_clock::now() - oldest));
  self->request(writer, std::max(left, std::chrono::milliseconds(1)), append_atom::value, std::move(batch))
      .then(
          [=](append_results& results) mutable {
            for (size_t i = 0; i < promises.size(); ++i) promises[i].deliver(results[i]);
            self->state.idle_writers.push_back(writer);
            flush(self);
          },
          [=](caf::error& err) mutable {
            append_result failed;
            failed.message = "database did not answer: " + self->system().render(err);
            for (auto& p : promises) p.deliver(failed);
            self->state.idle_writers.push_back(writer);
            flush(self);
          });
}

caf::behavior appender(caf::stateful_actor<appender_state>* self, std::vector<caf::actor> writers,
                       std::chrono::milliseconds answer_within) {
  for (auto& writer : writers) self->link_to(writer);
  self->state.idle_writers = std::move(writers);
  self->state.answer_within = answer_within;
  return {
      [=](append_atom, append_request& request) {
        auto promise = self->make_response_promise();
        self->state.pending.push_back({std::move(request), promise, std::chrono::steady_clock::now()});
        flush(self);
        return promise;
      },
  };
}

}  // namespace

log_access spawn_log_access(caf::actor_system& system, const std::string& database_url, size_t reader_count,
                            std::chrono::milliseconds answer_within) {
  log_access access;
  std::vector<caf::actor> writers;
  for (int i = 0; i < writer_count; ++i) writers.push_back(system.spawn<caf::detached>(log_writer, database_url));
  access.appender = system.spawn(appender, std::move(writers), answer_within);
  auto factory = [&system, database_url] { return system.spawn<caf::detached>(stream_reader, database_url); };
  access.readers = caf::actor_pool::make(system.dummy_execution_unit(), reader_count, factory,
                                         caf::actor_pool::round_robin());
  return access;
}

}  // namespace crm::actors
