// crmctl consent-audit: proves, from the event log alone (never the read models), whether
// consent covered every text sent to a number, or to every number.
// Exit status: 0 every message covered, 1 any not covered, 2 usage or connection error.

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "domain/iso_time.hpp"
#include "domain/phone_number.hpp"
#include "eventlog/log_reader.hpp"
#include "tools/crmctl/command_registry.hpp"
#include "tools/crmctl/consent_audit_output.hpp"
#include "tools/crmctl/consent_audit_phone.hpp"
#include "tools/crmctl/database_url.hpp"

namespace crm::cli {
namespace {

constexpr const char* usage =
    "consent-audit --phone <number> [--at <ISO time>] [--format text|json] | "
    "--all [--since <ISO time>] [--at <ISO time>] [--format text|json]";

constexpr int batch_size = 20000;

struct audit_options {
  std::string phone;
  bool all = false;
  std::string at;
  std::optional<std::string> since;
  bool json = false;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "consent-audit: %s\nusage: crmctl %s\n", message.c_str(), usage);
  return 2;
}

std::optional<audit_options> parse(const std::vector<std::string>& args, std::string& error) {
  audit_options o;
  std::string format = "text";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& flag = args[i];
    if (flag == "--all") {
      o.all = true;
      continue;
    }
    if (i + 1 >= args.size()) {
      error = flag + " needs a value";
      return std::nullopt;
    }
    const auto& value = args[++i];
    if (flag == "--phone") {
      auto phone = domain::parse_phone_number(value);
      if (!phone) {
        error = "not a valid phone number: " + value;
        return std::nullopt;
      }
      o.phone = phone->e164;
    } else if (flag == "--at" || flag == "--since") {
      auto t = domain::parse_iso8601(value);
      if (!t) {
        error = flag + " needs an ISO 8601 UTC time (2026-11-25T10:00:00Z): " + value;
        return std::nullopt;
      }
      (flag == "--at" ? o.at : o.since.emplace()) = domain::format_iso8601(*t);
    } else if (flag == "--format") {
      format = value;
    } else {
      error = "unknown option " + flag;
      return std::nullopt;
    }
  }
  if (o.all == !o.phone.empty()) {
    error = "give either --phone or --all";
    return std::nullopt;
  }
  if (format != "text" && format != "json") {
    error = "--format is text or json";
    return std::nullopt;
  }
  o.json = format == "json";
  if (o.at.empty()) o.at = domain::format_iso8601(std::chrono::system_clock::now());
  return o;
}

std::optional<domain::instant> since_of(const audit_options& o) {
  if (!o.since) return std::nullopt;
  return domain::parse_iso8601(*o.since);
}

int audit_phone(pqxx::dbtransaction& tx, const audit_options& o) {
  consent_audit_phone audit(o.phone, *domain::parse_iso8601(o.at), since_of(o));
  for (auto& event : eventlog::stream_events(tx, "thread-" + o.phone)) audit.apply(event);
  auto& result = audit.result();
  auto text = o.json ? phone_audit_json(result, o.at) : phone_audit_text(result, o.at);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return result.uncovered() == 0 ? 0 : 1;
}

int audit_all(pqxx::dbtransaction& tx, const audit_options& o) {
  auto at = *domain::parse_iso8601(o.at);
  std::map<std::string, consent_audit_phone> phones;
  std::int64_t after = 0;
  for (;;) {
    // Every thread stream, in position order: the order each number's decisions were taken in.
    auto events = eventlog::events_after_in_streams(tx, after, batch_size, "thread-");
    for (auto& event : events) {
      after = event.position;
      auto phone = event.stream_id.substr(std::string("thread-").size());
      auto it = phones.find(phone);
      if (it == phones.end()) it = phones.emplace(phone, consent_audit_phone(phone, at, since_of(o))).first;
      it->second.apply(event);
    }
    if (events.size() < static_cast<std::size_t>(batch_size)) break;
  }
  audit_summary summary;
  std::vector<phone_audit> exceptions;
  for (auto& [phone, audit] : phones) {
    auto& result = audit.result();
    ++summary.numbers;
    summary.messages += result.messages.size();
    summary.uncovered += result.uncovered();
    if (result.uncovered() > 0) exceptions.push_back(result);
  }
  auto text = o.json ? all_audit_json(summary, exceptions, o.at, o.since)
                     : all_audit_text(summary, exceptions, o.at, o.since);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return summary.uncovered == 0 ? 0 : 1;
}

int run(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::printf("usage: crmctl %s\n", usage);
    return 0;
  }
  std::string error;
  auto options = parse(args, error);
  if (!options) return usage_error(error);
  try {
    pqxx::connection connection(database_url());
    // One snapshot: a number's sends and consent events are judged against the same log.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(connection);
    return options->all ? audit_all(tx, *options) : audit_phone(tx, *options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consent-audit: %s\n", e.what());
    return 2;
  }
}

[[maybe_unused]] const bool registered = register_command("consent-audit", usage, run);

}  // namespace
}  // namespace crm::cli
