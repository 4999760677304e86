#pragma once
// What crmctl import-contacts prints: a line per row and a summary for a person, or one JSON
// document (docs/operations.md, "import-contacts"; fields are only ever added to version 1).

#include <string>
#include <vector>

#include "tools/crmctl/import/contact_importer.hpp"

namespace crm::cli {

/// The counts of a run.
struct import_summary {
  int rows = 0;
  int created = 0;
  int skipped = 0;
  int rejected = 0;
  /// Counts `outcome`.
  void add(const row_outcome& outcome);
};

/// The first line: which file, which run.
std::string import_heading_text(const import_settings& settings);

/// One row, for a person, ending in a newline.
std::string outcome_text(const row_outcome& outcome, bool dry_run);

/// The closing line.
std::string summary_text(const import_summary& summary, bool dry_run);

/// The whole run as JSON; `error` is why it stopped early (empty when it did not).
std::string import_json(const import_settings& settings, const std::vector<row_outcome>& outcomes,
                        const import_summary& summary, const std::string& error);

}  // namespace crm::cli
