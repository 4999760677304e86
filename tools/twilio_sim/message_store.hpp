#pragma once
// The simulator's messages, both directions, in memory and thread-safe: the Pistache handlers
// add and read them while the callback thread moves their status along.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "twilio/twilio_message.hpp"

namespace crm::twilio_sim {

/// A stored message: Twilio's resource plus what the simulator needs to play its life.
struct sim_message {
  /// The resource as the REST API shows it.
  twilio::twilio_message resource;
  /// Where status callbacks go; empty for none.
  std::string status_callback;
  /// The media URLs given at create time (or texted in).
  std::vector<std::string> media_urls;
  /// Insertion order: breaks ties between messages created in the same second.
  std::uint64_t seq = 0;
};

/// The filters and paging of a List call, already decoded.
struct list_query {
  /// Exact match on `to` when set.
  std::optional<std::string> to;
  /// Exact match on `from` when set.
  std::optional<std::string> from;
  /// DateSent, DateSent< and DateSent> as given ("YYYY-MM-DD", ISO date-time or RFC 2822);
  /// only the GMT day counts, as with Twilio.
  std::optional<std::string> date_sent, date_sent_before, date_sent_after;
  /// 1..1000.
  int page_size = 50;
  /// The page index (client state, echoed).
  int page = 0;
  /// "PA" + the sid after which this page starts.
  std::optional<std::string> page_token;
};

/// One page of a list, newest first.
struct list_result {
  /// This page's messages.
  std::vector<sim_message> messages;
  /// Index of the first message on this page in the filtered list.
  std::size_t start = 0;
  /// Whether more messages follow.
  bool has_more = false;
};

/// Messages by sid, in insertion order.
class message_store {
public:
  /// Adds a message (its seq is assigned here) and returns the stored copy.
  sim_message add(sim_message message);

  /// A copy of the message, if known.
  std::optional<sim_message> find(const std::string& sid) const;

  /// Applies `change` to the stored message under the lock; false when the sid is unknown
  /// (e.g. after a reset), so a pending status callback can be dropped.
  bool update(const std::string& sid, const std::function<void(sim_message&)>& change);

  /// The page of messages matching `query`, newest first; nullopt for a malformed date filter.
  std::optional<list_result> list(const list_query& query) const;

  /// Every message, oldest first.
  std::vector<sim_message> all() const;

  /// Forgets everything.
  void clear();

private:
  mutable std::mutex mutex_;
  std::vector<sim_message> messages_;
  std::unordered_map<std::string, std::size_t> index_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace crm::twilio_sim
