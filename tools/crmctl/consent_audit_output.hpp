#pragma once
// The consent audit as an auditor reads it: text for people, JSON (docs/consent-audit.md,
// "version": 1) for their tools. Changing the JSON's shape means a new version number.

#include <optional>
#include <string>
#include <vector>

#include "tools/crmctl/consent_audit_phone.hpp"

namespace crm::cli {

/// Totals of an audit over every number.
struct audit_summary {
  std::size_t numbers = 0;
  std::size_t messages = 0;
  std::size_t uncovered = 0;
};

/// One number's audit as a JSON document.
std::string phone_audit_json(const phone_audit& audit, const std::string& at);

/// One number's audit as text.
std::string phone_audit_text(const phone_audit& audit, const std::string& at);

/// The audit of every number: the summary and the uncovered messages, as JSON.
std::string all_audit_json(const audit_summary& summary, const std::vector<phone_audit>& exceptions,
                           const std::string& at, const std::optional<std::string>& since);

/// The same as text.
std::string all_audit_text(const audit_summary& summary, const std::vector<phone_audit>& exceptions,
                           const std::string& at, const std::optional<std::string>& since);

}  // namespace crm::cli
