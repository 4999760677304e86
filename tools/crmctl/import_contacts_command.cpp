// crmctl import-contacts: contacts from a CSV file, with the events an API create appends
// (tools/crmctl/import/contact_importer.hpp), a line per row and a summary.
// Exit status: 0 no row rejected, 1 some rejected, 2 usage, file or connection error.

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "tools/crmctl/command_registry.hpp"
#include "tools/crmctl/database_url.hpp"
#include "tools/crmctl/import/contact_importer.hpp"
#include "tools/crmctl/import/contact_row.hpp"
#include "tools/crmctl/import/csv_reader.hpp"
#include "tools/crmctl/import/import_columns.hpp"
#include "tools/crmctl/import/import_report.hpp"

namespace crm::cli {
namespace {

constexpr const char* usage = "import-contacts <file.csv> [--dry-run] [--format text|json]";

struct import_options {
  std::string path;
  bool dry_run = false;
  bool json = false;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "import-contacts: %s\nusage: crmctl %s\n", message.c_str(), usage);
  return 2;
}

int file_error(const std::string& path, const std::string& message) {
  std::fprintf(stderr, "import-contacts: %s: %s\n", path.c_str(), message.c_str());
  return 2;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

int import_file(const import_options& options) {
  std::ifstream in(options.path, std::ios::binary);
  if (!in) return file_error(options.path, std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return file_error(options.path, "cannot be read");
  const std::string text = content.str();

  csv_reader reader(text);
  auto header = reader.next();
  if (!header) return file_error(options.path, "is empty: a header row naming the columns is required");
  if (!header->error.empty()) return file_error(options.path, "the header row is malformed: " + header->error);
  auto columns = map_columns(header->fields);
  if (auto* error = std::get_if<std::string>(&columns)) return file_error(options.path, *error);

  import_settings settings;
  settings.columns = std::get<column_map>(columns);
  settings.file = std::filesystem::path(options.path).filename().string();
  settings.file_sha256 = sha256_hex(text);
  settings.import_id = "import-" + eventlog::random_uuid();
  settings.dry_run = options.dry_run;
  if (const char* region = std::getenv("CRM_DEFAULT_REGION"); region && *region) settings.default_region = region;

  std::unique_ptr<eventlog::event_store> store;
  try {
    store = std::make_unique<eventlog::event_store>(database_url());
    store->head_position();  // fails now, not on the first row, when the log is not there
  } catch (const std::exception& e) {
    std::fprintf(stderr, "import-contacts: %s\n", e.what());
    return 2;
  }

  contact_importer importer(log_of(*store), settings);
  std::vector<row_outcome> outcomes;
  import_summary summary;
  std::string failure;
  if (!options.json) {
    print(import_heading_text(settings));
    for (auto& ignored : settings.columns.ignored()) print("note: column \"" + ignored + "\" is not imported\n");
  }
  while (auto record = reader.next()) {
    if (is_blank(*record)) continue;
    try {
      outcomes.push_back(importer.import(*record, reader.records_read()));
    } catch (const std::exception& e) {
      failure = std::string("stopped at row ") + std::to_string(reader.records_read()) + ": " + e.what();
      break;
    }
    summary.add(outcomes.back());
    if (!options.json) print(outcome_text(outcomes.back(), settings.dry_run));
  }
  if (options.json) print(import_json(settings, outcomes, summary, failure));
  else print(summary_text(summary, settings.dry_run));
  std::fflush(stdout);
  if (!failure.empty()) {
    std::fprintf(stderr, "import-contacts: %s (the rows before it are imported; importing the file again skips them)\n",
                 failure.c_str());
    return 2;
  }
  return summary.rejected > 0 ? 1 : 0;
}

int run(const std::vector<std::string>& args) {
  import_options options;
  std::string format = "text";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::printf("usage: crmctl %s\n", usage);
      return 0;
    }
    if (arg == "--dry-run") {
      options.dry_run = true;
    } else if (arg == "--format") {
      if (i + 1 >= args.size()) return usage_error("--format needs a value");
      format = args[++i];
    } else if (arg.rfind("--", 0) == 0) {
      return usage_error("unknown option " + arg);
    } else if (options.path.empty()) {
      options.path = arg;
    } else {
      return usage_error("one file at a time (" + options.path + ", " + arg + ")");
    }
  }
  if (options.path.empty()) return usage_error("which file?");
  if (format != "text" && format != "json") return usage_error("--format is text or json");
  options.json = format == "json";
  return import_file(options);
}

[[maybe_unused]] const bool registered = register_command("import-contacts", usage, run);

}  // namespace
}  // namespace crm::cli
