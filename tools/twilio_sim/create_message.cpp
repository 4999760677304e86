#include "tools/twilio_sim/create_message.hpp"

#include <map>

#include "twilio/create_rules.hpp"

namespace crm::twilio_sim {
namespace {

bool is_gsm_basic_ascii(unsigned char c) { return (c >= 0x20 && c < 0x7F && c != '`') || c == '\n' || c == '\r'; }

bool is_e164(const std::string& number) {
  if (number.size() < 8 || number.size() > 16 || number[0] != '+' || number[1] == '0') return false;
  for (std::size_t i = 1; i < number.size(); ++i) {
    if (number[i] < '0' || number[i] > '9') return false;
  }
  return true;
}

// An alphanumeric sender ID: 1-11 letters, digits and spaces, at least one letter.
bool is_alphanumeric_sender(const std::string& from) {
  bool letter = false;
  for (char c : from) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alpha && !(c >= '0' && c <= '9') && c != ' ') return false;
    letter = letter || alpha;
  }
  return letter && !from.empty() && from.size() <= 11;
}

}  // namespace

int count_segments(const std::string& body) {
  bool gsm = true;
  std::size_t septets = 0;
  std::size_t units = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    auto c = static_cast<unsigned char>(body[i]);
    if (c < 0x80) {
      if (!is_gsm_basic_ascii(c)) gsm = false;
      bool extension = c == '^' || c == '{' || c == '}' || c == '\\' || c == '[' || c == ']' || c == '~' || c == '|';
      septets += extension ? 2 : 1;
      units += 1;
    } else if ((c & 0xE0) == 0xC0 || (c & 0xF0) == 0xE0) {
      gsm = false;
      units += 1;
    } else if ((c & 0xF8) == 0xF0) {
      gsm = false;
      units += 2;  // outside the BMP: a surrogate pair
    }
  }
  if (body.empty()) return 1;
  if (gsm) return septets <= 160 ? 1 : static_cast<int>((septets + 152) / 153);
  return units <= 70 ? 1 : static_cast<int>((units + 66) / 67);
}

std::optional<create_refusal> magic_number_refusal(const std::string& from, const std::string& to) {
  static const std::map<std::string, create_refusal> by_from = {
      {"+15005550001",
       {400, 21212,
        "The 'From' number +15005550001 is not a valid phone number, "
        "shortcode, or alphanumeric sender ID."}},
      {"+15005550007",
       {400, 21606,
        "The 'From' phone number provided is not a valid, "
        "message-capable Twilio phone number."}},
      {"+15005550008",
       {400, 21611,
        "This 'From' number has exceeded the maximum number of "
        "queued messages"}},
  };
  static const std::map<std::string, create_refusal> by_to = {
      {"+15005550001", {400, 21211, "The 'To' number +15005550001 is not a valid phone number."}},
      {"+15005550002",
       {400, 21612,
        "The 'To' phone number: +15005550002, is not currently "
        "reachable using the 'From' phone number via SMS."}},
      {"+15005550003",
       {400, 21408,
        "Permission to send an SMS has not been enabled for the "
        "region indicated by the 'To' number: +15005550003."}},
      {"+15005550004", {400, 21610, "Attempt to send to unsubscribed recipient"}},
      {"+15005550009", {400, 21614, "'To' number is not a valid mobile number"}},
  };
  if (auto it = by_from.find(from); it != by_from.end()) return it->second;
  if (auto it = by_to.find(to); it != by_to.end()) return it->second;
  return std::nullopt;
}

std::variant<sim_message, create_refusal> create_message(const twilio::form_params& form,
                                                         const std::string& account_sid, const std::string& sid_hex,
                                                         twilio::time_point now) {
  std::string to = twilio::form_value(form, "To").value_or("");
  std::string from = twilio::form_value(form, "From").value_or("");
  std::string service = twilio::form_value(form, "MessagingServiceSid").value_or("");
  std::string body = twilio::form_value(form, "Body").value_or("");
  std::vector<std::string> media = twilio::form_values(form, "MediaUrl");
  std::string callback = twilio::form_value(form, "StatusCallback").value_or("");
  if (to.empty()) return create_refusal{400, 21604, "A 'To' phone number is required."};
  if (from.empty() && service.empty()) return create_refusal{400, 21603, "A 'From' phone number is required."};
  if (body.empty() && media.empty()) return create_refusal{400, 21602, "Message body is required."};
  if (twilio::body_characters(body) > twilio::max_body_characters)
    return create_refusal{400, 21617, "The concatenated message body exceeds the 1600 character limit."};
  if (media.size() > 10) return create_refusal{400, 21623, "Number of media files exceeds allowed limit."};
  if (!callback.empty() && !twilio::is_http_url(callback))
    return create_refusal{400, 21609, "Invalid StatusCallback url: " + callback};
  if (auto refusal = magic_number_refusal(from, to)) return *refusal;
  if (!is_e164(to)) return create_refusal{400, 21211, "The 'To' number " + to + " is not a valid phone number."};
  if (service.empty() && !is_e164(from) && !is_alphanumeric_sender(from))
    return create_refusal{
        400, 21212,
        "The 'From' number " + from + " is not a valid phone number, shortcode, or alphanumeric sender ID."};

  sim_message m;
  auto& r = m.resource;
  r.sid = (media.empty() ? "SM" : "MM") + sid_hex;
  r.account_sid = account_sid;
  r.messaging_service_sid = service;
  // Through a Messaging Service Twilio first answers "accepted" and picks the sender later.
  r.status = service.empty() ? "queued" : "accepted";
  r.direction = "outbound-api";
  r.from = from;
  r.to = to;
  r.body = body;
  r.num_segments = service.empty() ? count_segments(body) : 0;
  r.num_segments_text = std::to_string(r.num_segments);
  r.num_media = static_cast<int>(media.size());
  r.price_unit = "USD";
  r.date_created = r.date_updated = twilio::format_rfc2822(now);
  r.date_created_at = r.date_updated_at = now;
  r.api_version = "2010-04-01";
  r.uri = "/2010-04-01/Accounts/" + account_sid + "/Messages/" + r.sid + ".json";
  m.status_callback = callback;
  m.media_urls = std::move(media);
  return m;
}

}  // namespace crm::twilio_sim
