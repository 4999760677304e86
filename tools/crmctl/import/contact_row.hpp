#pragma once
// One CSV record to a contact, checked by the rules the API applies: the record becomes the
// JSON body a POST /api/crm/contacts would carry and goes through domain::parse_contact_fields
// (so a bad phone or status gets the API's own message), and its consent columns through
// domain::check_imported_consent. Only what CSV adds is checked here: the record's shape,
// UTF-8, tag separators and the spellings of smsOptIn.

#include <optional>
#include <string>
#include <variant>

#include "domain/consent_ledger.hpp"
#include "domain/contact_fields.hpp"
#include "domain/contact_import.hpp"
#include "tools/crmctl/import/csv_reader.hpp"
#include "tools/crmctl/import/import_columns.hpp"

namespace crm::cli {

/// A row that can be imported.
struct prepared_contact {
  domain::contact_fields fields;                    ///< as parse_contact_fields returns them
  std::optional<domain::imported_consent> consent;  ///< when the row opts in to SMS
  std::string name;                                 ///< "first last", for the report
};

/// Why a row cannot be imported: the column at fault (empty for the whole row), a stable
/// code (the API's codes, plus malformed_row) and a sentence.
struct row_rejection {
  std::string field;
  std::string code;
  std::string message;
};

/// Checks `record` (mapped by `columns`); phones without a country code are in `default_region`,
/// consent dates may not be after `now`.
std::variant<prepared_contact, row_rejection> prepare_contact(const csv_record& record, const column_map& columns,
                                                              const std::string& default_region, domain::instant now);

/// Whether every field of `record` is blank: a spreadsheet's empty row, skipped like an empty line.
bool is_blank(const csv_record& record);

/// smsOptIn's spellings: true/false, yes/no, 1/0 (any case); nullopt for anything else.
std::optional<bool> parse_opt_in(const std::string& text);

}  // namespace crm::cli
