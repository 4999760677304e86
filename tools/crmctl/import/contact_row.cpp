#include "tools/crmctl/import/contact_row.hpp"

#include <algorithm>
#include <cctype>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/utf8.hpp"

namespace crm::cli {
namespace {

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;
using col = import_column;

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// U+FFFD is what the decoder returns for bad bytes, so it only counts as bad when the bytes were not U+FFFD itself.
bool is_utf8(const std::string& text) {
  for (std::size_t pos = 0; pos < text.size();) {
    auto start = pos;
    if (domain::next_code_point(text, pos) == domain::replacement_character &&
        std::string_view(text).substr(start, pos - start) != "\xEF\xBF\xBD")
      return false;
  }
  return true;
}

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> tags;
  std::string tag;
  for (char c : text + ";") {
    if (c != ';' && c != '|') {
      tag += c;
      continue;
    }
    if (!trimmed(tag).empty()) tags.push_back(trimmed(tag));
    tag.clear();
  }
  return tags;
}

void add_string(json_writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

// The body the API would receive for this row: blank cells are left out, as a form leaves out
// fields nobody filled in, except the required ones, so that the API's "is required" applies.
std::string contact_body(const csv_record& record, const column_map& columns, std::optional<bool> opt_in) {
  auto value = [&](col c) { return trimmed(columns.value(record.fields, c)); };
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartObject();
  add_string(w, "firstName", value(col::first_name));
  add_string(w, "lastName", value(col::last_name));
  add_string(w, "phone", value(col::phone));
  for (auto [c, key] : {std::pair{col::email, "email"}, {col::source, "source"}, {col::notes, "notes"}})
    if (!value(c).empty()) add_string(w, key, value(c));
  if (!value(col::status).empty()) add_string(w, "status", lower(value(col::status)));
  if (auto tags = split_tags(columns.value(record.fields, col::tags)); !tags.empty()) {
    w.Key("tags");
    w.StartArray();
    for (auto& t : tags) w.String(t.c_str(), static_cast<rapidjson::SizeType>(t.size()));
    w.EndArray();
  }
  const std::pair<col, const char*> address[] = {
      {col::street, "street"}, {col::city, "city"}, {col::state, "state"}, {col::zip, "zip"}};
  if (std::any_of(std::begin(address), std::end(address), [&](auto& a) { return !value(a.first).empty(); })) {
    w.Key("address");
    w.StartObject();
    for (auto& [c, key] : address)
      if (!value(c).empty()) add_string(w, key, value(c));
    w.EndObject();
  }
  if (opt_in) {
    w.Key("preferences");
    w.StartObject();
    w.Key("smsOptIn");
    w.Bool(*opt_in);
    w.EndObject();
  }
  w.EndObject();
  return buffer.GetString();
}

row_rejection malformed(std::string message) { return {"", "malformed_row", std::move(message)}; }

}  // namespace

bool is_blank(const csv_record& record) {
  return record.error.empty() && std::all_of(record.fields.begin(), record.fields.end(),
                                             [](const std::string& f) { return trimmed(f).empty(); });
}

std::optional<bool> parse_opt_in(const std::string& text) {
  auto v = lower(trimmed(text));
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  return std::nullopt;
}

std::variant<prepared_contact, row_rejection> prepare_contact(const csv_record& record, const column_map& columns,
                                                              const std::string& default_region, domain::instant now) {
  if (!record.error.empty()) return malformed(record.error);
  if (record.fields.size() != columns.width())
    return malformed("the row has " + std::to_string(record.fields.size()) +
                     (record.fields.size() == 1 ? " field" : " fields") + ", the header " +
                     std::to_string(columns.width()));
  for (auto& field : record.fields) {
    if (field.find('\0') != std::string::npos) return malformed("the row contains a NUL byte");
    if (!is_utf8(field)) return malformed("the row is not valid UTF-8 (save the file as UTF-8)");
  }

  std::optional<bool> opt_in;
  if (auto& text = columns.value(record.fields, col::sms_opt_in); !trimmed(text).empty()) {
    opt_in = parse_opt_in(text);
    if (!opt_in) return row_rejection{"smsOptIn", "invalid_field", "smsOptIn must be true or false, yes or no, 1 or 0"};
  }
  auto parsed = domain::parse_contact_fields(contact_body(record, columns, opt_in), domain::contact_body_mode::create,
                                             default_region);
  if (auto* error = std::get_if<domain::contact_input_error>(&parsed))
    return row_rejection{error->field, error->code, error->message};

  domain::imported_consent_columns consent_columns{
      columns.value(record.fields, col::consent_date), columns.value(record.fields, col::consent_source),
      columns.value(record.fields, col::consent_ip), columns.value(record.fields, col::consent_wording),
      columns.value(record.fields, col::consent_wording_version)};
  auto consent = domain::check_imported_consent(opt_in.value_or(false), consent_columns, now);
  if (auto* error = std::get_if<domain::contact_input_error>(&consent))
    return row_rejection{error->field, error->code, error->message};

  prepared_contact prepared;
  prepared.fields = std::move(std::get<domain::contact_fields>(parsed));
  prepared.consent = std::move(std::get<std::optional<domain::imported_consent>>(consent));
  prepared.name = trimmed(columns.value(record.fields, col::first_name)) + " " +
                  trimmed(columns.value(record.fields, col::last_name));
  return prepared;
}

}  // namespace crm::cli
