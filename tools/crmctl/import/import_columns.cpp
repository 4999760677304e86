#include "tools/crmctl/import/import_columns.hpp"

#include <cctype>
#include <utility>

namespace crm::cli {
namespace {

struct column_names {
  import_column column;
  const char* name;                  ///< as documented
  std::vector<const char*> aliases;  ///< normalised (lower case, no separators)
};

const std::vector<column_names>& known_columns() {
  static const std::vector<column_names> columns = {
      {import_column::first_name, "firstName", {"firstname"}},
      {import_column::last_name, "lastName", {"lastname"}},
      {import_column::phone, "phone", {"phone", "phonenumber", "mobile"}},
      {import_column::email, "email", {"email", "emailaddress"}},
      {import_column::status, "status", {"status"}},
      {import_column::tags, "tags", {"tags"}},
      {import_column::source, "source", {"source"}},
      {import_column::notes, "notes", {"notes"}},
      {import_column::street, "street", {"street", "addressstreet"}},
      {import_column::city, "city", {"city", "addresscity"}},
      {import_column::state, "state", {"state", "addressstate"}},
      {import_column::zip, "zip", {"zip", "zipcode", "postalcode", "addresszip"}},
      {import_column::sms_opt_in, "smsOptIn", {"smsoptin", "preferencessmsoptin"}},
      {import_column::consent_date, "consentDate", {"consentdate"}},
      {import_column::consent_source, "consentSource", {"consentsource"}},
      {import_column::consent_ip, "consentIp", {"consentip"}},
      {import_column::consent_wording, "consentWording", {"consentwording"}},
      {import_column::consent_wording_version, "consentWordingVersion", {"consentwordingversion", "wordingversion"}},
  };
  return columns;
}

std::string normalised(const std::string& header) {
  std::string out;
  for (unsigned char c : header)
    if (!std::isspace(c) && c != '_' && c != '-' && c != '.') out += static_cast<char>(std::tolower(c));
  return out;
}

std::optional<import_column> column_of(const std::string& header) {
  auto name = normalised(header);
  for (auto& known : known_columns())
    for (auto alias : known.aliases)
      if (name == alias) return known.column;
  return std::nullopt;
}

}  // namespace

const char* column_name(import_column column) {
  for (auto& known : known_columns())
    if (known.column == column) return known.name;
  return "";
}

const std::string& column_map::value(const std::vector<std::string>& record, import_column column) const {
  static const std::string none;
  auto& index = index_[static_cast<std::size_t>(column)];
  return index && *index < record.size() ? record[*index] : none;
}

std::variant<column_map, std::string> map_columns(const std::vector<std::string>& header) {
  column_map map;
  map.width_ = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto column = column_of(header[i]);
    if (!column) {
      map.ignored_.push_back(header[i].empty() ? "(column " + std::to_string(i + 1) + ", no name)" : header[i]);
      continue;
    }
    auto& slot = map.index_[static_cast<std::size_t>(*column)];
    if (slot)
      return "columns " + std::to_string(*slot + 1) + " (\"" + header[*slot] + "\") and " + std::to_string(i + 1) +
             " (\"" + header[i] + "\") are both " + column_name(*column);
    slot = i;
  }
  std::string missing;
  for (auto required : {import_column::first_name, import_column::last_name, import_column::phone})
    if (!map.has(required)) missing += std::string(missing.empty() ? "" : ", ") + column_name(required);
  if (!missing.empty()) return "the header row has no " + missing + " column (required: firstName, lastName, phone)";
  return map;
}

}  // namespace crm::cli
