#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "http/responder.hpp"

namespace crm::http {
namespace {

std::string content_type_of(const std::string& extension) {
  static const std::map<std::string, std::string> types = {{".html", "text/html; charset=utf-8"},
                                                           {".js", "text/javascript; charset=utf-8"},
                                                           {".mjs", "text/javascript; charset=utf-8"},
                                                           {".css", "text/css; charset=utf-8"},
                                                           {".json", "application/json"},
                                                           {".svg", "image/svg+xml"},
                                                           {".png", "image/png"},
                                                           {".jpg", "image/jpeg"},
                                                           {".ico", "image/x-icon"},
                                                           {".woff2", "font/woff2"},
                                                           {".woff", "font/woff"},
                                                           {".txt", "text/plain; charset=utf-8"},
                                                           {".webmanifest", "application/manifest+json"},
                                                           {".map", "application/json"}};
  auto it = types.find(extension);
  return it == types.end() ? "application/octet-stream" : it->second;
}

// Paths the single-page app routes itself.
bool is_app_route(const std::string& path) { return path == "/" || path == "/login" || path.rfind("/agent", 0) == 0; }

constexpr const char* missing_ui_page =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>SMS CRM</title></head><body>"
    "<h1>SMS CRM</h1><p>The UI is not built. Run <code>./tools/run</code>, which builds it, or sign in through the "
    "API: "
    "<code>POST /api/auth/login</code>.</p></body></html>";

}  // namespace

static_files::static_files(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    spdlog::warn("no UI build at {}; serving a placeholder page", directory);
    return;
  }
  for (auto& entry : fs::recursive_directory_iterator(directory, ec)) {
    if (!entry.is_regular_file()) continue;
    auto relative = fs::relative(entry.path(), directory).generic_string();
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    bool hashed = relative.rfind("assets/", 0) == 0;  // Vite puts content-hashed files here
    files_["/" + relative] = file{content.str(), content_type_of(entry.path().extension().string()),
                                  hashed ? "public, max-age=31536000, immutable" : "no-cache"};
  }
  spdlog::info("serving {} UI files from {}", files_.size(), directory);
}

void static_files::serve(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer) const {
  auto out = respond_to(request, std::move(writer));
  const auto& path = request.resource();
  if (path.rfind("/api/", 0) == 0) return out->error(404, "No such API endpoint: " + path, "not_found");
  if (request.method() != Pistache::Http::Method::Get && request.method() != Pistache::Http::Method::Head)
    return out->error(405, "Method not allowed", "method_not_allowed");
  auto it = files_.find(path);
  if (it == files_.end() && is_app_route(path)) it = files_.find("/index.html");
  if (it == files_.end()) {
    if (is_app_route(path)) return out->send(200, missing_ui_page, "text/html; charset=utf-8");
    return out->send(404, "Not found", "text/plain; charset=utf-8");
  }
  out->send(200, it->second.content, it->second.content_type, {{"Cache-Control", it->second.cache_control}});
}

}  // namespace crm::http
