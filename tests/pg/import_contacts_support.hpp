#pragma once
// What the crmctl import-contacts tests (import_contacts*.pgtest.cpp) share: a CSV file on
// disk, a contact created as the API creates it, and counts of what the log holds.

#include <cstdint>
#include <filesystem>
#include <string>

#include <pqxx/pqxx>
#include <rapidjson/document.h>

#include "eventlog/event_store.hpp"

namespace crm::cli::import_test {

/// A CSV file in a folder of its own, removed with it.
class csv_file {
public:
  explicit csv_file(const std::string& content, const std::string& name = "contacts.csv");
  ~csv_file() { std::filesystem::remove_all(dir_); }
  const std::string& path() const { return path_; }

private:
  std::filesystem::path dir_;
  std::string path_;
};

/// A contact created as POST /api/crm/contacts creates it (decide_create, one atomic append).
std::string create_through_api_events(eventlog::event_store& store, const std::string& phone,
                                      std::int64_t thread_version = 0);

/// The events in the log.
std::int64_t event_count(pqxx::connection& c);

/// The ContactLinked events on the thread of `phone`.
std::int64_t links_on(pqxx::connection& c, const std::string& phone);

rapidjson::Document parse(const std::string& json);

}  // namespace crm::cli::import_test
