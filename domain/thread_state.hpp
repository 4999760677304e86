#pragma once
// What a number's thread stream (`thread-<E.164>`) has established that decisions depend on:
// which contact holds the number. Consent and messages join it as the messaging code grows.

#include <string>

namespace crm::domain {

/// State of one number's thread.
struct thread_state {
  std::string phone;               ///< E.164
  std::string linked_contact_id;   ///< the live contact holding this number, empty when none
};

/// Applies one event of the thread's stream.
void evolve(thread_state& state, const std::string& type, const std::string& data);

}  // namespace crm::domain
