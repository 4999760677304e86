#pragma once
// Imports contacts row by row into the log, with exactly the events an API create appends:
// ContactCreated on contact-<uuid> (expected: no stream) and ContactLinked (plus the grant,
// when the row opts in) on thread-<E.164> at the thread's version, in one atomic append.
//
// Whether a number is taken is decided from its thread stream, as the thread actor decides it
// (domain::thread_state: a live ContactLinked), never from a read model. The append expects
// the version read, so a contact created meanwhile for the same number (crmd running at the
// same time) makes it conflict: the importer reads the thread again and decides again, and a
// number never gets two contacts.

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

#include "eventlog/append_request.hpp"
#include "eventlog/event.hpp"
#include "eventlog/event_store.hpp"
#include "tools/crmctl/import/contact_row.hpp"
#include "tools/crmctl/import/csv_reader.hpp"
#include "tools/crmctl/import/import_columns.hpp"

namespace crm::cli {

/// What the importer needs of the log; crmctl passes an event_store's, tests step in between.
struct import_log {
  std::function<eventlog::event_list(const std::string& stream_id, std::int64_t after_version)> read_stream;
  std::function<eventlog::append_result(const eventlog::append_request& request)> append;
};

/// `store`'s read_stream and append.
import_log log_of(eventlog::event_store& store);

/// What one run imports, and how.
struct import_settings {
  column_map columns;
  std::string file;         ///< the file's name, recorded in consent evidence
  std::string file_sha256;  ///< hex SHA-256 of its bytes
  std::string import_id;    ///< this run's id: every event's requestId, and importId in the evidence
  std::string default_region = "US";
  bool dry_run = false;  ///< decide, but append nothing
};

/// What became of one row.
struct row_outcome {
  enum class kind { created, skipped, rejected };
  kind result = kind::rejected;
  int row = 0;        ///< the header is row 1
  int line = 0;       ///< the line the row starts on
  std::string phone;  ///< E.164, once known
  std::string name;
  std::string contact_id;  ///< created: the new contact (empty in a dry run); skipped: the one holding the number
  bool consent_granted = false;
  int duplicate_of_row = 0;  ///< skipped because an earlier row of the file has the number
  std::string field;         ///< rejected: the column at fault, if one
  std::string code;          ///< skipped: duplicate_phone; rejected: why (missing_field, invalid_phone...)
  std::string message;
};

/// The log failed (not a conflict): the import stops; the rows before it stay imported.
struct import_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class contact_importer {
public:
  contact_importer(import_log log, import_settings settings);

  /// Imports `record`, row `row` of the file. Throws import_failure when the log fails.
  row_outcome import(const csv_record& record, int row);

private:
  row_outcome create(prepared_contact contact, row_outcome outcome);

  import_log log_;
  import_settings settings_;
  std::map<std::string, row_outcome> taken_in_file_;  ///< E.164 -> the row that created (or would create) it
};

}  // namespace crm::cli
