#include "twilio/twiml.hpp"

namespace crm::twilio {
namespace {
constexpr std::string_view declaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";
}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out.push_back(ch);
    }
  }
  return out;
}

std::string twiml_empty() {
  std::string out(declaration);
  out += "<Response />";
  return out;
}

std::string twiml_messages(const std::vector<std::string>& replies) {
  if (replies.empty()) return twiml_empty();
  std::string out(declaration);
  out += "<Response>";
  for (const auto& reply : replies) {
    out += "<Message>";
    out += xml_escape(reply);
    out += "</Message>";
  }
  out += "</Response>";
  return out;
}

std::string twiml_message(std::string_view reply) { return twiml_messages({std::string(reply)}); }

}  // namespace crm::twilio
