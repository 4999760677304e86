#include "eventlog/append_decision.hpp"

#include <algorithm>

#include "eventlog/event_chain.hpp"

namespace crm::eventlog {
namespace {

// How a request's event ids stand against the log and against the requests before it.
struct id_tally {
  std::size_t total = 0, known = 0, repeated = 0;
  std::size_t repeat_of = SIZE_MAX;  ///< an earlier request of the batch holding one of them
};

id_tally tally_ids(const append_request& request, const append_context& context,
                   const std::unordered_map<std::string, std::size_t>& accepted_in_batch) {
  id_tally t;
  for (auto& stream : request.streams)
    for (auto& event : stream.events) {
      ++t.total;
      if (context.known.count(event.event_id)) ++t.known;
      if (auto it = accepted_in_batch.find(event.event_id); it != accepted_in_batch.end()) {
        ++t.repeated;
        t.repeat_of = it->second;
      }
    }
  return t;
}

// The original result of a request appended before: per stream its highest known version.
append_result original_result(const append_request& request, const append_context& context) {
  append_result result;
  result.status = append_status::ok;
  result.duplicate = true;
  for (auto& stream : request.streams) {
    std::int64_t version = 0;
    for (auto& event : stream.events) {
      auto& k = context.known.at(event.event_id);
      version = std::max(version, k.version);
      result.last_position = std::max(result.last_position, k.position);
    }
    result.new_versions.push_back(version);
  }
  return result;
}

// "" when every stream is where the request expects it, else what differs (the last such stream).
std::string version_mismatch(const append_request& request, const append_context& context) {
  std::string mismatch;
  for (auto& stream : request.streams) {
    auto it = context.versions.find(stream.stream_id);
    auto current = it == context.versions.end() ? 0 : it->second;
    if (stream.expected_version != expected::any && stream.expected_version != current)
      mismatch = stream.stream_id + " is at version " + std::to_string(current) + ", expected " +
                 std::to_string(stream.expected_version);
  }
  return mismatch;
}

}  // namespace

append_plan decide_append(const std::vector<append_request>& batch, append_context context) {
  append_plan plan;
  plan.results.resize(batch.size());
  plan.head_hash = std::move(context.previous_hash);
  std::unordered_map<std::string, std::size_t> accepted_in_batch;  // event id -> request index
  std::vector<std::size_t> repeats_of(batch.size(), SIZE_MAX);
  std::size_t next_position = 0;
  int ord = 0;

  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& request = batch[i];
    auto& result = plan.results[i];
    int event_ord = ord;
    for (auto& stream : request.streams) ord += static_cast<int>(stream.events.size());
    auto ids = tally_ids(request, context, accepted_in_batch);
    if (ids.total > 0 && ids.known == ids.total) {  // appended before: the original result
      result = original_result(request, context);
      continue;
    }
    if (ids.total > 0 && ids.repeated == ids.total) {  // the same append twice in one batch
      repeats_of[i] = ids.repeat_of;
      continue;
    }
    if (ids.known > 0 || ids.repeated > 0) {
      result.status = append_status::conflict;
      result.message = "some of these event ids were already appended with other events";
      continue;
    }
    if (auto mismatch = version_mismatch(request, context); !mismatch.empty()) {
      result.status = append_status::conflict;
      result.message = std::move(mismatch);
      continue;
    }
    result.status = append_status::ok;
    for (auto& stream : request.streams) {
      auto& version = context.versions[stream.stream_id];
      for (auto& event : stream.events) {
        ++version;
        accepted_in_batch[event.event_id] = i;
        auto& text = context.texts.at(event_ord++);
        auto position = context.positions.at(next_position++);
        plan.head_hash = chain_hash(plan.head_hash, position, stream.stream_id, version, text.event_id, event.type,
                                    text.data, text.metadata, context.recorded_at);
        plan.rows.push_back({&stream.stream_id, &event, position, version, plan.head_hash});
        result.last_position = position;
        plan.last_position = position;
      }
      result.new_versions.push_back(version);
    }
  }

  for (std::size_t i = 0; i < batch.size(); ++i)
    if (repeats_of[i] != SIZE_MAX) {
      plan.results[i] = plan.results[repeats_of[i]];
      plan.results[i].duplicate = true;
    }
  return plan;
}

}  // namespace crm::eventlog
