// crmctl twilio-sim: runs the Twilio simulator in the foreground until SIGINT or SIGTERM.
// Signals are blocked before any thread starts, so every thread inherits the mask and the
// main thread alone receives them through sigwait: no work happens in a signal handler.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "tools/crmctl/command_registry.hpp"
#include "tools/twilio_sim/twilio_sim.hpp"

namespace {

constexpr const char* usage =
    "twilio-sim [--port N] [--account-sid AC...] [--auth-token T] [--phone-number +1...]"
    " [--crm-url URL] [--callback-delay-ms N] [--clock-offset-seconds N]";

// A whole number from min to max; anything else is a bad option.
bool parse_number(const std::string& text, long min, long max, long& out) {
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < min || n > max) return false;
  out = n;
  return true;
}

// The simulator's clock may be shifted either way by up to a year.
constexpr long max_clock_offset_seconds = 366L * 86400;

int run(const std::vector<std::string>& args) {
  crm::twilio_sim::twilio_sim_options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") {
      std::printf("usage: crmctl %s\n", usage);
      return 0;
    }
    if (i + 1 >= args.size()) {
      std::fprintf(stderr, "twilio-sim: %s needs a value\nusage: crmctl %s\n", flag.c_str(), usage);
      return 2;
    }
    const std::string& value = args[++i];
    long number = 0;
    if (flag == "--port" && parse_number(value, 0, 65535, number)) {
      options.port = static_cast<std::uint16_t>(number);
    } else if (flag == "--callback-delay-ms" && parse_number(value, 0, 3600000, number)) {
      options.callback_delay = std::chrono::milliseconds(number);
    } else if (flag == "--clock-offset-seconds" &&
               parse_number(value, -max_clock_offset_seconds, max_clock_offset_seconds, number)) {
      options.clock_offset = std::chrono::seconds(number);
    } else if (flag == "--account-sid") {
      options.account_sid = value;
    } else if (flag == "--auth-token") {
      options.auth_token = value;
    } else if (flag == "--phone-number") {
      options.phone_number = value;
    } else if (flag == "--crm-url") {
      options.crm_url = value;
    } else {
      std::fprintf(stderr, "twilio-sim: bad option %s %s\nusage: crmctl %s\n", flag.c_str(), value.c_str(), usage);
      return 2;
    }
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // stdout carries only the "listening" line, which callers wait for; logs go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("twilio-sim"));

  crm::twilio_sim::twilio_sim sim(options);
  std::string error;
  if (!sim.start(&error)) {
    std::fprintf(stderr, "twilio-sim: cannot listen on %s:%u: %s\n", options.host.c_str(),
                 static_cast<unsigned>(options.port), error.c_str());
    return 1;
  }
  std::printf("twilio-sim listening on http://127.0.0.1:%u\n", static_cast<unsigned>(sim.port()));
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  sim.stop();
  return 0;
}

[[maybe_unused]] const bool registered = crm::cli::register_command("twilio-sim", usage, run);

}  // namespace
