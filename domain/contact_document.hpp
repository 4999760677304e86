#pragma once
// A contact's document as the API shows it (api.md's Contact): the event's contact over the
// defaults every document has, with the number's consent shown in `preferences.smsOptIn` and
// `consent`. The contacts read model folds documents with these functions, and a command that
// creates a contact answers with the same document without reading the read model back.

#include <string>

#include "domain/contact.hpp"
#include "domain/thread_events.hpp"

namespace crm::domain {

/// A new contact's document: the defaults, overlaid one level deep by the event's contact.
std::string created_contact_document(const events::contact_created& created);

/// `document` with a grant shown: smsOptIn true, consent {consentDate, consentIp, consentSource}.
std::string document_with_consent(const std::string& document, const events::consent_granted& granted);

/// `document` with a revocation shown: smsOptIn false, consent {revokedAt, revokedSource}.
std::string document_with_consent(const std::string& document, const events::consent_revoked& revoked);

/// The document of the contact `decision` creates, its number's consent included.
std::string created_contact_document(const contact_decision& decision);

}  // namespace crm::domain
