#include "tools/bench/bench_options.hpp"

#include <cstdlib>

namespace crm::cli {

bench_options::bench_options(const std::vector<std::string>& args, const std::set<std::string>& valued,
                             const std::set<std::string>& switches) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h" || switches.count(flag)) {
      values_[flag == "-h" ? "--help" : flag] = "";
    } else if (valued.count(flag)) {
      if (i + 1 >= args.size()) {
        error_ = flag + " needs a value";
        return;
      }
      values_[flag] = args[++i];
    } else {
      error_ = "unknown option " + flag;
      return;
    }
  }
}

std::string bench_options::text(const std::string& flag, const std::string& fallback) const {
  auto it = values_.find(flag);
  return it == values_.end() ? fallback : it->second;
}

std::optional<long> bench_options::number(const std::string& flag, long fallback, long min, long max) const {
  auto it = values_.find(flag);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  long n = std::strtol(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || n < min || n > max) return std::nullopt;
  return n;
}

}  // namespace crm::cli
