#include "twilio/form_body.hpp"

namespace crm::twilio {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes text into out; on a bad escape returns its offset within text.
std::optional<std::size_t> decode_into(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) return i;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return std::nullopt;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '*';
}

}  // namespace

form_parse_result parse_form(std::string_view body) {
  form_parse_result result;
  form_params params;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t end = body.find('&', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(pos, end - pos);
    // Empty pairs ("a=1&&b=2", a trailing '&') carry nothing; browsers and Twilio skip them.
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string_view raw_name = pair.substr(0, eq);
      std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
      std::string name;
      std::string value;
      auto bad = decode_into(raw_name, name);
      std::size_t base = pos;
      if (!bad) {
        bad = decode_into(raw_value, value);
        base = pos + eq + 1;
      }
      if (bad) {
        std::size_t offset = base + *bad;
        std::string_view escape = body.substr(offset, 3);
        result.error = form_error{
            offset, "bad percent escape '" + std::string(escape) + "' at offset " + std::to_string(offset)};
        return result;
      }
      params.emplace_back(std::move(name), std::move(value));
    }
    pos = end + 1;
  }
  result.params = std::move(params);
  return result;
}

std::optional<std::string> form_decode(std::string_view text) {
  std::string out;
  if (decode_into(text, out)) return std::nullopt;
  return out;
}

std::string form_encode_component(std::string_view text) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out.push_back(ch);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 0x0F]);
    }
  }
  return out;
}

std::string encode_form(const form_params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += form_encode_component(name);
    out.push_back('=');
    out += form_encode_component(value);
  }
  return out;
}

std::optional<std::string> form_value(const form_params& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::vector<std::string> form_values(const form_params& params, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [key, value] : params) {
    if (key == name) out.push_back(value);
  }
  return out;
}

}  // namespace crm::twilio
