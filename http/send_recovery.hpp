#pragma once
// After a restart: sends recorded as requested but with no recorded outcome (the process died
// while Twilio held the request) are resolved by their threads, which look each one up in
// Twilio's list before any retry, so none is sent twice.

#include "http/app.hpp"

namespace crm::http {

/// Waits for the read models to catch up with the log, then asks each affected thread to
/// resolve its unresolved sends. Returns at once; the work happens in the background.
void recover_unresolved_sends(app& a);

}  // namespace crm::http
