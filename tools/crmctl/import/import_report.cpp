#include "tools/crmctl/import/import_report.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::cli {
namespace {

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

const char* result_name(row_outcome::kind kind) {
  switch (kind) {
    case row_outcome::kind::created: return "created";
    case row_outcome::kind::skipped: return "skipped";
    case row_outcome::kind::rejected: return "rejected";
  }
  return "rejected";
}

void string_or_null(json_writer& w, const char* key, const std::string& value) {
  w.Key(key);
  if (value.empty()) w.Null();
  else w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void row_json(json_writer& w, const row_outcome& o) {
  w.StartObject();
  w.Key("row");
  w.Int(o.row);
  w.Key("line");
  w.Int(o.line);
  w.Key("result");
  w.String(result_name(o.result));
  string_or_null(w, "phone", o.phone);
  string_or_null(w, "contactId", o.contact_id);
  w.Key("consentGranted");
  w.Bool(o.consent_granted);
  w.Key("duplicateOfRow");
  if (o.duplicate_of_row) w.Int(o.duplicate_of_row);
  else w.Null();
  string_or_null(w, "field", o.field);
  string_or_null(w, "code", o.code);
  string_or_null(w, "message", o.message);
  w.EndObject();
}

}  // namespace

void import_summary::add(const row_outcome& outcome) {
  ++rows;
  switch (outcome.result) {
    case row_outcome::kind::created: ++created; break;
    case row_outcome::kind::skipped: ++skipped; break;
    case row_outcome::kind::rejected: ++rejected; break;
  }
}

std::string import_heading_text(const import_settings& settings) {
  if (settings.dry_run) return "dry run of " + settings.file + ": nothing is written\n";
  return "importing " + settings.file + " (" + settings.import_id + ")\n";
}

std::string outcome_text(const row_outcome& o, bool dry_run) {
  std::string out = "row " + std::to_string(o.row);
  if (o.line != o.row) out += " (line " + std::to_string(o.line) + ")";
  auto who = o.phone + " (" + o.name + ")";
  switch (o.result) {
    case row_outcome::kind::created:
      out += dry_run ? ": would create a contact for " + who : ": created contact " + o.contact_id + " for " + who;
      if (o.consent_granted) out += dry_run ? ", with consent" : ", consent granted";
      break;
    case row_outcome::kind::skipped:
      out += ": skipped, duplicate: " + o.phone;
      if (o.duplicate_of_row) {
        out += " is on row " + std::to_string(o.duplicate_of_row) + " of this file";
        if (!o.contact_id.empty()) out += " (contact " + o.contact_id + ")";
      } else {
        out += " is already on contact " + o.contact_id;
      }
      break;
    case row_outcome::kind::rejected:
      out += ": rejected: " + (o.field.empty() ? "" : o.field + ": ") + o.message;
      break;
  }
  return out + "\n";
}

std::string summary_text(const import_summary& s, bool dry_run) {
  return std::string(dry_run ? "would create " : "created ") + std::to_string(s.created) + ", skipped " +
         std::to_string(s.skipped) + ", rejected " + std::to_string(s.rejected) + " of " + std::to_string(s.rows) +
         " rows" + (dry_run ? " (dry run: nothing was written)" : "") + "\n";
}

std::string import_json(const import_settings& settings, const std::vector<row_outcome>& outcomes,
                        const import_summary& summary, const std::string& error) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartObject();
  w.Key("version");
  w.Int(1);
  string_or_null(w, "file", settings.file);
  string_or_null(w, "fileSha256", settings.file_sha256);
  string_or_null(w, "importId", settings.dry_run ? "" : settings.import_id);
  w.Key("dryRun");
  w.Bool(settings.dry_run);
  w.Key("ignoredColumns");
  w.StartArray();
  for (auto& c : settings.columns.ignored()) w.String(c.c_str(), static_cast<rapidjson::SizeType>(c.size()));
  w.EndArray();
  w.Key("rows");
  w.StartArray();
  for (auto& o : outcomes) row_json(w, o);
  w.EndArray();
  w.Key("summary");
  w.StartObject();
  for (auto [key, value] : {std::pair{"rows", summary.rows},
                            {"created", summary.created},
                            {"skipped", summary.skipped},
                            {"rejected", summary.rejected}}) {
    w.Key(key);
    w.Int(value);
  }
  w.EndObject();
  string_or_null(w, "error", error);
  w.EndObject();
  return std::string(buffer.GetString()) + "\n";
}

}  // namespace crm::cli
