#include "tools/twilio_sim/message_store.hpp"

#include <algorithm>

#include "twilio/rfc2822_time.hpp"

namespace crm::twilio_sim {
namespace {

using twilio::time_point;

// One DateSent bound: [lower, upper) in time.
struct date_filter {
  std::optional<time_point> lower, upper;
};

// Twilio's filters are by GMT day (its docs: "YYYY-MM-DD", "<=YYYY-MM-DD", ">=YYYY-MM-DD"), and
// twilio-python sends a day as "YYYY-MM-DDT00:00:00Z"; so only the date part of a value counts.
bool add_bound(const std::optional<std::string>& text, char op, date_filter& filter) {
  if (!text) return true;
  auto t = twilio::parse_iso8601(*text);
  if (!t) t = twilio::parse_rfc2822(*text);
  if (!t) return false;
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
  time_point day{std::chrono::seconds(secs - ((secs % 86400) + 86400) % 86400)};
  time_point next_day = day + std::chrono::hours(24);
  auto tighten_lower = [&](time_point v) { filter.lower = filter.lower ? std::max(*filter.lower, v) : v; };
  auto tighten_upper = [&](time_point v) { filter.upper = filter.upper ? std::min(*filter.upper, v) : v; };
  if (op == '=') {
    tighten_lower(day);
    tighten_upper(next_day);
  } else if (op == '<') {
    tighten_upper(next_day);
  } else {
    tighten_lower(day);
  }
  return true;
}

bool matches(const sim_message& m, const list_query& q, const date_filter& dates) {
  if (q.to && m.resource.to != *q.to) return false;
  if (q.from && m.resource.from != *q.from) return false;
  if (dates.lower || dates.upper) {
    // Not yet sent: Twilio's DateSent filters do not match it.
    if (!m.resource.date_sent_at) return false;
    if (dates.lower && *m.resource.date_sent_at < *dates.lower) return false;
    if (dates.upper && *m.resource.date_sent_at >= *dates.upper) return false;
  }
  return true;
}

}  // namespace

sim_message message_store::add(sim_message message) {
  std::lock_guard lock(mutex_);
  message.seq = next_seq_++;
  index_[message.resource.sid] = messages_.size();
  messages_.push_back(message);
  return message;
}

std::optional<sim_message> message_store::find(const std::string& sid) const {
  std::lock_guard lock(mutex_);
  auto it = index_.find(sid);
  if (it == index_.end()) return std::nullopt;
  return messages_[it->second];
}

bool message_store::update(const std::string& sid, const std::function<void(sim_message&)>& change) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(sid);
  if (it == index_.end()) return false;
  change(messages_[it->second]);
  return true;
}

std::optional<list_result> message_store::list(const list_query& query) const {
  date_filter dates;
  if (!add_bound(query.date_sent, '=', dates) || !add_bound(query.date_sent_before, '<', dates) ||
      !add_bound(query.date_sent_after, '>', dates))
    return std::nullopt;
  std::vector<sim_message> matched;
  {
    std::lock_guard lock(mutex_);
    // Newest first: later insertion is newer, whatever the second-resolution dates say.
    for (auto it = messages_.rbegin(); it != messages_.rend(); ++it) {
      if (matches(*it, query, dates)) matched.push_back(*it);
    }
  }
  std::size_t start = static_cast<std::size_t>(std::max(query.page, 0)) * static_cast<std::size_t>(query.page_size);
  if (query.page_token && query.page_token->size() > 2) {
    // The token names the last sid of the previous page, so messages created meanwhile
    // (which sort first) do not shift later pages.
    std::string after = query.page_token->substr(2);
    auto it = std::find_if(matched.begin(), matched.end(),
                           [&](const sim_message& m) { return m.resource.sid == after; });
    if (it != matched.end()) start = static_cast<std::size_t>(it - matched.begin()) + 1;
  }
  list_result result;
  result.start = std::min(start, matched.size());
  std::size_t end = std::min(matched.size(), result.start + static_cast<std::size_t>(query.page_size));
  result.messages.assign(matched.begin() + static_cast<std::ptrdiff_t>(result.start),
                         matched.begin() + static_cast<std::ptrdiff_t>(end));
  result.has_more = end < matched.size();
  return result;
}

std::vector<sim_message> message_store::all() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

void message_store::clear() {
  std::lock_guard lock(mutex_);
  messages_.clear();
  index_.clear();
}

}  // namespace crm::twilio_sim
