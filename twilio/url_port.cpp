#include "twilio/url_port.hpp"

#include <optional>

namespace crm::twilio {
namespace {

// Where the host and port sit inside the URL; userinfo and IPv6 brackets are skipped.
struct authority_parts {
  std::string_view scheme;
  std::size_t host_begin = 0;
  std::size_t host_end = 0;  // one past the host, i.e. where ":port" would start
  std::size_t authority_end = 0;
  bool has_port = false;
};

std::optional<authority_parts> split(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  authority_parts parts;
  parts.scheme = url.substr(0, scheme_end);
  std::size_t begin = scheme_end + 3;
  std::size_t end = url.find_first_of("/?#", begin);
  if (end == std::string_view::npos) end = url.size();
  parts.authority_end = end;
  std::string_view authority = url.substr(begin, end - begin);
  std::size_t at = authority.rfind('@');
  parts.host_begin = at == std::string_view::npos ? begin : begin + at + 1;
  std::size_t search_from = parts.host_begin;
  if (search_from < end && url[search_from] == '[') {
    std::size_t close = url.find(']', search_from);
    search_from = close == std::string_view::npos || close > end ? end : close;
  }
  std::size_t colon = url.find(':', search_from);
  if (colon != std::string_view::npos && colon < end) {
    parts.host_end = colon;
    parts.has_port = true;
  } else {
    parts.host_end = end;
  }
  return parts;
}

}  // namespace

std::string url_without_port(std::string_view url) {
  auto parts = split(url);
  if (!parts || !parts->has_port) return std::string(url);
  std::string out(url.substr(0, parts->host_end));
  out += url.substr(parts->authority_end);
  return out;
}

std::string url_with_default_port(std::string_view url) {
  auto parts = split(url);
  if (!parts || parts->has_port) return std::string(url);
  std::string_view port;
  if (parts->scheme == "https") port = ":443";
  if (parts->scheme == "http") port = ":80";
  if (port.empty()) return std::string(url);
  std::string out(url.substr(0, parts->host_end));
  out += port;
  out += url.substr(parts->host_end);
  return out;
}

}  // namespace crm::twilio
