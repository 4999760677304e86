#pragma once
// Flag parsing shared by the benchmarks: `--name value` pairs and bare `--switch`es, checked
// against what each benchmark declares, so a typo is an error and not a silent default.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace crm::cli {

/// Parsed `--flag value` options of one benchmark.
class bench_options {
public:
  /// Parses `args`; `valued` take a value, `switches` do not. Sets error() on anything else.
  bench_options(const std::vector<std::string>& args, const std::set<std::string>& valued,
                const std::set<std::string>& switches);

  /// Empty when parsing succeeded; otherwise what was wrong.
  const std::string& error() const { return error_; }
  /// True when --help or -h was given.
  bool help() const { return has("--help"); }
  /// True when the flag was given.
  bool has(const std::string& flag) const { return values_.count(flag) > 0; }
  /// The flag's value, or `fallback`.
  std::string text(const std::string& flag, const std::string& fallback = "") const;
  /// The flag's value as a whole number in [min, max], `fallback` when absent, nullopt when bad.
  std::optional<long> number(const std::string& flag, long fallback, long min, long max) const;

private:
  std::map<std::string, std::string> values_;
  std::string error_;
};

}  // namespace crm::cli
