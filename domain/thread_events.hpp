#pragma once
// The events of a number's thread stream (`thread-<E.164>`), each once: its type in the log,
// its fields in the order the log's JSON holds them (domain/event_codec.hpp). A field that
// some events of a type carry and others do not is optional; the rest are required, and an
// event without one is reported as malformed.
//
// Consent events keep one struct per type for every source of evidence (keyword, checkbox,
// agent, import), because the log names them by type alone; consent_event_from (thread_state)
// turns one into the ledger's typed evidence.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "domain/event_codec.hpp"

namespace crm::domain::events {

/// A contact took the number (created with it, or moved to it).
struct contact_linked {
  static constexpr std::string_view type = "ContactLinked";
  std::string contact_id, phone;
  static constexpr auto fields() {
    return std::make_tuple(required("contactId", &contact_linked::contact_id),
                           required("phone", &contact_linked::phone));
  }
};

/// The contact left the number (deleted, or moved to another).
struct contact_unlinked {
  static constexpr std::string_view type = "ContactUnlinked";
  std::string contact_id, phone;
  static constexpr auto fields() {
    return std::make_tuple(required("contactId", &contact_unlinked::contact_id),
                           required("phone", &contact_unlinked::phone));
  }
};

/// Consent given: by a keyword text (source "keyword"), the contact form's checkbox
/// ("checkbox") or an import of another system's records ("import").
struct consent_granted {
  static constexpr std::string_view type = "ConsentGranted";
  std::string phone, source;
  std::optional<std::string> keyword, message_sid, text;
  std::optional<bool> imported;  ///< learned from Twilio's list in a history sync
  std::optional<std::string> contact_id, agent_id, agent_email, ip, user_agent, wording_version, wording;
  std::string at;
  std::optional<std::string> consent_source, import_file, import_file_sha256;
  std::optional<int> import_row;
  std::optional<std::string> import_id, imported_at;
  static constexpr auto fields() {
    using e = consent_granted;
    return std::make_tuple(
        required("phone", &e::phone), required("source", &e::source), optional("keyword", &e::keyword),
        optional("messageSid", &e::message_sid), optional("text", &e::text), optional("imported", &e::imported),
        optional("contactId", &e::contact_id), optional("agentId", &e::agent_id),
        optional("agentEmail", &e::agent_email), optional("ip", &e::ip), optional("userAgent", &e::user_agent),
        optional("wordingVersion", &e::wording_version), optional("wording", &e::wording), required("at", &e::at),
        optional("consentSource", &e::consent_source), optional("importFile", &e::import_file),
        optional("importFileSha256", &e::import_file_sha256), optional("importRow", &e::import_row),
        optional("importId", &e::import_id), optional("importedAt", &e::imported_at));
  }
};

/// Consent withdrawn: by a keyword text ("keyword") or by an agent ("agent").
struct consent_revoked {
  static constexpr std::string_view type = "ConsentRevoked";
  std::string phone, source;
  std::optional<std::string> keyword, message_sid, text;
  std::optional<bool> imported;
  std::optional<std::string> contact_id, agent_id, agent_email, ip, user_agent, note;
  std::string at;
  static constexpr auto fields() {
    using e = consent_revoked;
    return std::make_tuple(required("phone", &e::phone), required("source", &e::source),
                           optional("keyword", &e::keyword), optional("messageSid", &e::message_sid),
                           optional("text", &e::text), optional("imported", &e::imported),
                           optional("contactId", &e::contact_id), optional("agentId", &e::agent_id),
                           optional("agentEmail", &e::agent_email), optional("ip", &e::ip),
                           optional("userAgent", &e::user_agent), optional("note", &e::note), required("at", &e::at));
  }
};

/// The product asked the number for consent (an opt-in request text).
struct opt_in_requested {
  static constexpr std::string_view type = "OptInRequested";
  std::string phone, message_id, sent_by, at;
  std::optional<std::string> message_sid;
  static constexpr auto fields() {
    using e = opt_in_requested;
    return std::make_tuple(required("phone", &e::phone), required("messageId", &e::message_id),
                           required("sentBy", &e::sent_by), required("at", &e::at),
                           optional("messageSid", &e::message_sid));
  }
};

/// A send the consent policy allowed; Twilio's answer follows.
struct outbound_message_requested {
  static constexpr std::string_view type = "OutboundMessageRequested";
  std::string message_id, to, from, body;
  std::vector<std::string> media_urls;
  std::string purpose, sent_by;
  std::optional<std::string> contact_id;
  std::string requested_at;
  std::optional<bool> confirmed_possible_opt_out;  ///< sent past a standing flag, as the agent confirmed
  std::optional<std::string> possible_opt_out_sid;
  static constexpr auto fields() {
    using e = outbound_message_requested;
    return std::make_tuple(required("messageId", &e::message_id), required("to", &e::to), required("from", &e::from),
                           required("body", &e::body), required("mediaUrls", &e::media_urls),
                           required("purpose", &e::purpose), required("sentBy", &e::sent_by),
                           optional("contactId", &e::contact_id), required("requestedAt", &e::requested_at),
                           optional("confirmedPossibleOptOut", &e::confirmed_possible_opt_out),
                           optional("possibleOptOutSid", &e::possible_opt_out_sid));
  }
};

/// A send the product refused, with the reason (consent_policy.hpp's reason codes).
struct outbound_message_blocked {
  static constexpr std::string_view type = "OutboundMessageBlocked";
  std::string message_id, to, body, purpose, reason, sent_by;
  std::optional<std::string> contact_id;
  std::string at;
  static constexpr auto fields() {
    using e = outbound_message_blocked;
    return std::make_tuple(required("messageId", &e::message_id), required("to", &e::to), required("body", &e::body),
                           required("purpose", &e::purpose), required("reason", &e::reason),
                           required("sentBy", &e::sent_by), optional("contactId", &e::contact_id),
                           required("at", &e::at));
  }
};

/// Twilio took a send and named it `sid`.
struct message_accepted_by_twilio {
  static constexpr std::string_view type = "MessageAcceptedByTwilio";
  std::string message_id, sid, status;
  int num_segments = 0;
  std::optional<std::string> price, price_unit, twilio_created_at;
  std::string at;
  /// Learned from Twilio's list after a lost answer, the text may be delivered already.
  std::optional<std::string> delivered_at;
  static constexpr auto fields() {
    using e = message_accepted_by_twilio;
    return std::make_tuple(required("messageId", &e::message_id), required("sid", &e::sid),
                           required("status", &e::status), required("numSegments", &e::num_segments),
                           optional("price", &e::price), optional("priceUnit", &e::price_unit),
                           optional("twilioCreatedAt", &e::twilio_created_at), required("at", &e::at),
                           optional("deliveredAt", &e::delivered_at));
  }
};

/// Twilio refused a send for good, or its retries ran out.
struct message_send_failed {
  static constexpr std::string_view type = "MessageSendFailed";
  std::string message_id, status;
  std::optional<int> error_code;
  std::string error_message, at;
  static constexpr auto fields() {
    using e = message_send_failed;
    return std::make_tuple(required("messageId", &e::message_id), required("status", &e::status),
                           nullable("errorCode", &e::error_code), required("errorMessage", &e::error_message),
                           required("at", &e::at));
  }
};

/// A status callback or look-up moved a sent text on (message_status.hpp's merge).
struct message_status_changed {
  static constexpr std::string_view type = "MessageStatusChanged";
  std::string message_id, sid, status;
  std::optional<int> error_code;
  std::string error_message;
  std::optional<std::string> raw_status;  ///< a status Twilio sent that the product does not know
  std::string at;
  std::optional<std::string> delivered_at;
  static constexpr auto fields() {
    using e = message_status_changed;
    return std::make_tuple(required("messageId", &e::message_id), required("sid", &e::sid),
                           required("status", &e::status), nullable("errorCode", &e::error_code),
                           required("errorMessage", &e::error_message), optional("rawStatus", &e::raw_status),
                           required("at", &e::at), optional("deliveredAt", &e::delivered_at));
  }
};

/// A text from the number, as Twilio's webhook gave it.
struct inbound_message_received {
  static constexpr std::string_view type = "InboundMessageReceived";
  std::string message_id, sid, from, to, body;
  std::vector<std::string> media_urls, media_types;
  int num_segments = 1;
  int num_media = 0;
  std::optional<std::string> from_city, from_state, from_zip, from_country, messaging_service_sid, contact_id;
  std::string received_at;
  std::optional<bool> foreign_to;  ///< sent to a number that is neither ours nor our service's
  static constexpr auto fields() {
    using e = inbound_message_received;
    return std::make_tuple(
        required("messageId", &e::message_id), required("sid", &e::sid), required("from", &e::from),
        required("to", &e::to), required("body", &e::body), required("mediaUrls", &e::media_urls),
        required("mediaTypes", &e::media_types), required("numSegments", &e::num_segments),
        required("numMedia", &e::num_media), optional("fromCity", &e::from_city), optional("fromState", &e::from_state),
        optional("fromZip", &e::from_zip), optional("fromCountry", &e::from_country),
        optional("messagingServiceSid", &e::messaging_service_sid), optional("contactId", &e::contact_id),
        required("receivedAt", &e::received_at), optional("foreignTo", &e::foreign_to));
  }
};

/// A text found in Twilio's message list that the thread did not hold (a history sync).
struct message_imported {
  static constexpr std::string_view type = "MessageImported";
  std::string message_id, sid, direction, from, to, body, status;
  int num_segments = 1;
  std::optional<std::string> price, price_unit, twilio_created_at, date_sent, contact_id;
  static constexpr auto fields() {
    using e = message_imported;
    return std::make_tuple(required("messageId", &e::message_id), required("sid", &e::sid),
                           required("direction", &e::direction), required("from", &e::from), required("to", &e::to),
                           required("body", &e::body), required("status", &e::status),
                           required("numSegments", &e::num_segments), optional("price", &e::price),
                           optional("priceUnit", &e::price_unit), optional("twilioCreatedAt", &e::twilio_created_at),
                           optional("dateSent", &e::date_sent), optional("contactId", &e::contact_id));
  }
};

/// Our answer to an inbound text, sent by Twilio from the webhook's TwiML.
struct twiml_reply_sent {
  static constexpr std::string_view type = "TwimlReplySent";
  std::string message_id, in_reply_to, to, from, body, via, sent_at;
  static constexpr auto fields() {
    using e = twiml_reply_sent;
    return std::make_tuple(required("messageId", &e::message_id), required("inReplyTo", &e::in_reply_to),
                           required("to", &e::to), required("from", &e::from), required("body", &e::body),
                           required("via", &e::via), required("sentAt", &e::sent_at));
  }
};

/// A text that reads as "stop texting me" without being a keyword, for an agent to resolve.
struct possible_opt_out_flagged {
  static constexpr std::string_view type = "PossibleOptOutFlagged";
  std::string message_sid, text, phrase, at;
  static constexpr auto fields() {
    using e = possible_opt_out_flagged;
    return std::make_tuple(required("messageSid", &e::message_sid), required("text", &e::text),
                           required("phrase", &e::phrase), required("at", &e::at));
  }
};

/// An agent's answer to a flag: "revoke" (with a ConsentRevoked beside it) or "keep".
struct possible_opt_out_resolved {
  static constexpr std::string_view type = "PossibleOptOutResolved";
  std::string message_sid, resolution, reason, by, by_email, at;
  static constexpr auto fields() {
    using e = possible_opt_out_resolved;
    return std::make_tuple(required("messageSid", &e::message_sid), required("resolution", &e::resolution),
                           required("reason", &e::reason), required("by", &e::by), required("byEmail", &e::by_email),
                           required("at", &e::at));
  }
};

/// An agent read the thread.
struct thread_read {
  static constexpr std::string_view type = "ThreadRead";
  std::string phone, by, at;
  static constexpr auto fields() {
    return std::make_tuple(required("phone", &thread_read::phone), required("by", &thread_read::by),
                           required("at", &thread_read::at));
  }
};

}  // namespace crm::domain::events

namespace crm::domain {

/// Any event of a thread stream.
using thread_event =
    std::variant<events::contact_linked, events::contact_unlinked, events::consent_granted, events::consent_revoked,
                 events::opt_in_requested, events::outbound_message_requested, events::outbound_message_blocked,
                 events::message_accepted_by_twilio, events::message_send_failed, events::message_status_changed,
                 events::inbound_message_received, events::message_imported, events::twiml_reply_sent,
                 events::possible_opt_out_flagged, events::possible_opt_out_resolved, events::thread_read>;

using thread_events = std::vector<thread_event>;

/// The log's form of each event, in order.
domain_events encode_all(const thread_events& events);

/// A thread event from the log, or nullopt for another stream's type; malformed_event when the
/// data does not read.
std::optional<thread_event> decode_thread_event(std::string_view type, std::string_view data,
                                                std::int64_t position = 0);

}  // namespace crm::domain
