#pragma once
// Deterministic message histories for `crm-bench conversations`: what ten thousand threads
// look like in the log after a year of texting, with the event shapes thread_decisions.cpp and
// contact.cpp produce, so the projections do the same work as in production.

#include <cstdint>
#include <string>
#include <vector>

#include "eventlog/append_request.hpp"

namespace crm::cli {

/// The shape of one generated thread.
struct thread_plan {
  long index = 0;     ///< thread number: its phone is bench_contact_phone(index)
  long messages = 0;  ///< texts in the thread
  bool has_contact = false;
  std::int64_t last_at_ms = 0;  ///< Unix time of the newest text
};

/// Plans `threads` threads holding `messages` texts in all; thread 0 holds `big_thread` of them.
/// About nine in ten threads belong to a contact; the newest texts spread over a year.
std::vector<thread_plan> plan_threads(long threads, long messages, long big_thread, std::int64_t now_ms);

/// The appends that create one thread: ContactCreated + ContactLinked (contact and thread
/// streams together, as the contact actor writes them), then the texts in time order, each
/// inbound one an InboundMessageReceived and each outbound one an OutboundMessageRequested,
/// MessageAcceptedByTwilio and MessageStatusChanged. Requests hold at most `events_per_request`
/// events, so a long thread is written in several appends like a real one.
std::vector<eventlog::append_request> thread_appends(const thread_plan& plan, int events_per_request);

/// The bodies the generated texts draw from: the customers' (inbound) or the agent's (outbound).
std::vector<std::string> bench_texts(bool inbound);

/// The E.164 number of our side of every generated thread.
inline constexpr const char* bench_our_number = "+17605550100";

}  // namespace crm::cli
