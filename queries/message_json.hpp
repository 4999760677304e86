#pragma once
// One SMSMessage (api.md) as SQL builds it from messages_view aliased `m`: the single message
// and the message list render it alike.

namespace crm::queries {

inline constexpr const char* message_json =
    "jsonb_build_object('_id', m.id, 'twilioMessageSid', m.sid, 'from', m.from_number, 'to', m.to_number, "
    "'body', m.body, 'mediaUrls', m.media_urls, 'direction', m.direction, 'status', m.status, "
    "'contactId', m.contact_id, 'threadId', 'thread-' || m.thread_phone, 'numSegments', m.num_segments, "
    "'errorCode', m.error_code, 'errorMessage', m.error_message, 'price', m.price, 'priceUnit', m.price_unit, "
    "'sentBy', m.sent_by, 'tags', '[]'::jsonb, 'twilioCreatedAt', crm_iso(m.twilio_created_at), "
    "'deliveredAt', crm_iso(m.delivered_at), 'createdAt', crm_iso(m.created_at), 'foreignTo', m.foreign_to)";

}  // namespace crm::queries
