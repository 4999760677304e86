#include "tools/bench/bench_cpu_usage.hpp"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace crm::cli {
namespace {

double clock_ticks_per_second() {
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return ticks > 0 ? ticks : 100;
}

/// The first line of /proc/stat: cpu user nice system idle iowait irq softirq steal ...
double machine_busy_seconds() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) || cpu != "cpu") return 0;
  return static_cast<double>(user + nice + system + irq + softirq + steal) / clock_ticks_per_second();
}

/// /proc/<pid>/stat: "pid (name) state ..." with utime and stime the 14th and 15th fields.
/// The name may hold spaces and parentheses, so the fields are counted from the last ')'.
bool read_process(int pid, std::string& name, double& seconds) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(file, line)) return false;
  auto open = line.find('('), close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  name = line.substr(open + 1, close - open - 1);
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::strtoull(field.c_str(), nullptr, 10);
    if (i == 15) stime = std::strtoull(field.c_str(), nullptr, 10);
  }
  seconds = static_cast<double>(utime + stime) / clock_ticks_per_second();
  return true;
}

}  // namespace

cpu_sample sample_cpu() {
  cpu_sample sample;
  sample.busy_seconds = machine_busy_seconds();
  DIR* proc = opendir("/proc");
  if (!proc) return sample;
  while (auto* entry = readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    std::string name;
    double seconds = 0;
    if (!read_process(static_cast<int>(pid), name, seconds)) continue;
    sample.command_of[static_cast<int>(pid)] = name;
    sample.seconds_of[static_cast<int>(pid)] = seconds;
  }
  closedir(proc);
  return sample;
}

cpu_usage cpu_between(const cpu_sample& before, const cpu_sample& after) {
  cpu_usage usage;
  usage.busy_seconds = after.busy_seconds - before.busy_seconds;
  for (auto& [pid, seconds] : after.seconds_of) {
    double earlier = 0;
    auto it = before.seconds_of.find(pid);
    // The same pid under another name is a new process that reused it.
    if (it != before.seconds_of.end() && before.command_of.at(pid) == after.command_of.at(pid)) earlier = it->second;
    usage.by_command[after.command_of.at(pid)] += seconds - earlier;
  }
  return usage;
}

std::string describe_cpu_per_request(const cpu_usage& usage, double requests, const char* unit,
                                     std::initializer_list<const char*> named) {
  if (requests <= 0 || usage.busy_seconds <= 0) return "CPU not measured (no /proc or no requests)";
  auto micros = [&](double seconds) { return seconds * 1e6 / requests; };
  char text[128];
  std::snprintf(text, sizeof text, "%.0f us of CPU per %s", micros(usage.busy_seconds), unit);
  std::string out = text;
  if (named.size() == 0) return out + " (the whole machine)";
  double accounted = 0;
  const char* separator = ": ";
  for (const char* name : named) {
    auto it = usage.by_command.find(name);
    double seconds = it == usage.by_command.end() ? 0 : it->second;
    accounted += seconds;
    std::snprintf(text, sizeof text, "%s%s %.0f", separator, name, micros(seconds));
    out += text;
    separator = ", ";
  }
  std::snprintf(text, sizeof text, "%sother %.0f", separator, micros(std::max(0.0, usage.busy_seconds - accounted)));
  return out + text;
}

double process_tree_cpu_seconds(long pid) {
  auto read_stat = [](const std::string& dir, long& ppid, double& own, double& children) {
    std::ifstream in(dir + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = text.rfind(')');
    if (close == std::string::npos) return false;
    std::istringstream fields(text.substr(close + 2));
    std::string state;
    long skip = 0, utime = 0, stime = 0, cutime = 0, cstime = 0;
    fields >> state >> ppid;
    for (int field = 5; field <= 13; ++field) fields >> skip;
    fields >> utime >> stime >> cutime >> cstime;
    own = static_cast<double>(utime + stime);
    children = static_cast<double>(cutime + cstime);
    return static_cast<bool>(fields);
  };
  long ppid = 0;
  double own = 0, exited = 0, total = 0;
  if (!read_stat("/proc/" + std::to_string(pid), ppid, own, exited)) return -1;
  total = own + exited;
  std::error_code ec;
  for (auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    double child = 0, grandchildren = 0;
    auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (read_stat(entry.path().string(), ppid, child, grandchildren) && ppid == pid) total += child;
  }
  return total / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace crm::cli
