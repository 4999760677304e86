#pragma once
// The built UI, loaded into memory at start-up: serving never touches the disk, and no path
// outside the build folder can be named, because only files found there exist in the map.

#include <map>
#include <string>

#include <pistache/router.h>

namespace crm::http {

class static_files {
public:
  /// Loads every file under `directory` (missing directory: an empty site).
  explicit static_files(const std::string& directory);

  /// Answers GET for `path`: the file, index.html for the app's own routes, or 404.
  void serve(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer) const;

  size_t file_count() const { return files_.size(); }

private:
  struct file {
    std::string content;
    std::string content_type;
    std::string cache_control;
  };
  std::map<std::string, file> files_;  // by URL path, e.g. "/assets/index-abc123.js"
};

}  // namespace crm::http
