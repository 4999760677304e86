#include "tools/bench/bench_contact_generator.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

namespace crm::cli {
namespace {

constexpr std::array<const char*, 24> first_names = {
    "Maria", "James", "Sofia",  "Daniel", "Olivia", "Miguel", "Emma", "Wei",    "Aisha", "Noah",  "Camila", "Liam",
    "Priya", "Lucas", "Hannah", "Mateo",  "Grace",  "Ethan",  "Yuki", "Carlos", "Zoe",   "Andre", "Leila",  "Owen"};
constexpr std::array<const char*, 24> last_names = {"Garcia",   "Smith",  "Nguyen",  "Johnson",   "Martinez", "Brown",
                                                    "Lopez",    "Kim",    "Davis",   "Hernandez", "Wilson",   "Patel",
                                                    "Anderson", "Chen",   "Thomas",  "Rodriguez", "Moore",    "Singh",
                                                    "Taylor",   "Flores", "Jackson", "Rivera",    "White",    "Okafor"};
constexpr std::array<const char*, 8> tag_names = {"buyer",      "seller", "investor", "first-time",
                                                  "relocation", "luxury", "referral", "open-house"};
constexpr std::array<const char*, 5> sources = {"website", "open-house", "referral", "zillow", "sign-call"};
constexpr std::array<const char*, 6> cities = {"San Diego", "La Jolla",  "Chula Vista",
                                               "Escondido", "Oceanside", "Carlsbad"};

// A skewed mix, as in a real pipeline: most leads are new, few are clients or inactive.
const char* status_of(std::uint64_t h) {
  auto p = h % 100;
  if (p < 40) return "new";
  if (p < 60) return "contacted";
  if (p < 75) return "qualified";
  if (p < 90) return "nurturing";
  if (p < 97) return "client";
  return "inactive";
}

// splitmix64: cheap, well-mixed, and the same on every machine.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string bench_contact_phone(long i) {
  // 7919 is prime and coprime to 10^6, so i -> i * 7919 mod 10^6 is a bijection: unique
  // numbers whose digits look random rather than sequential.
  auto subscriber = (static_cast<std::uint64_t>(i) * 7919 + 4321) % 1000000;
  char phone[16];
  std::snprintf(phone, sizeof phone, "+16195%06llu", static_cast<unsigned long long>(subscriber));
  return phone;
}

std::string bench_contact_json(long i) {
  auto h = mix(static_cast<std::uint64_t>(i));
  std::string first = first_names[h % first_names.size()];
  std::string last = last_names[(h >> 8) % last_names.size()];
  std::string body = "{\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"phone\":\"" +
                     bench_contact_phone(i) + "\",\"status\":\"" + status_of(h >> 16) + "\"";
  if ((h >> 24) % 10 < 7) {
    std::string email = first + "." + last + "@example.com";
    for (auto& c : email) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    body += ",\"email\":\"" + email + "\"";
  }
  body += ",\"source\":\"" + std::string(sources[(h >> 28) % sources.size()]) + "\",\"tags\":[";
  auto tag_count = (h >> 32) % 4;
  for (std::uint64_t t = 0; t < tag_count; ++t)
    body += std::string(t ? "," : "") + "\"" + tag_names[(((h >> 36) % tag_names.size()) + t) % tag_names.size()] +
            "\"";
  body += "],\"address\":{\"city\":\"" + std::string(cities[(h >> 40) % cities.size()]) + "\",\"state\":\"CA\"}";
  // A quarter opted in on the form: those appends also record consent on the number's thread.
  if ((h >> 44) % 4 == 0) body += ",\"preferences\":{\"smsOptIn\":true}";
  return body + "}";
}

}  // namespace crm::cli
