// Segment counting throughput (issue 3: at least 1,000,000 counts/s for 160-character texts
// on one core). Run: build/<dir>/tools/bench/domain_bench
#include "domain/keywords.hpp"
#include "domain/message_status.hpp"
#include "domain/segment_report.hpp"
#include "domain/sms_segments.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using namespace crm::domain;

// Ordinary business text, GSM-7 (sized to 160 characters below).
const std::string gsm_160 =
    "Hi Maria, this is Dan from Acme Realty. The open house at 42 Oak St is Sat 10am-2pm. "
    "Reply YES to confirm or call 760-555-0142. Reply STOP to opt out";

// GSM-7 with extension characters and accented letters of the basic table (sized to 160 septets).
const std::string gsm_160_escapes =
    "Price: \xE2\x82\xAC"
    "450k [negotiable] {2 beds} ~ caf\xC3\xA9 & m\xC3\xBCnchen | "
    "see https://acme.example/listing?id=42 ^ ask \xC3\x85sa or \xC3\x91uria for details today";

// UCS-2: curly quotes and an emoji with a skin tone (sized to 70 code units).
const std::string ucs2_70 =
    "\xE2\x80\x9CHi Maria\xE2\x80\x9D \xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD the open house is "
    "Saturday at 10, see you there!!";

// A long UCS-2 text: CJK, a ZWJ family and a flag, several segments.
const std::string ucs2_long =
    "\xE6\x88\xBF\xE5\xB1\x8B\xE5\xBC\x80\xE6\x94\xBE\xE6\x97\xA5 "
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 "
    "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8 open house Saturday 10am-2pm at 42 Oak Street, "
    "Escondido. Bring the whole family, snacks provided! \xF0\x9F\x8F\xA1\xE2\x9C\xA8 "
    "Reply STOP to opt out.";

// text padded with filler (or cut at a character) to exactly `units` septets or code units.
std::string sized(std::string text, unsigned units, const std::string& filler) {
  while (count_segments(text).units < units) text += filler;
  while (count_segments(text).units > units) {
    do {
      text.pop_back();
    } while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80);
  }
  return text;
}

void count_bench(benchmark::State& state, const std::string& body) {
  for (auto _ : state) {
    auto count = count_segments(body);
    benchmark::DoNotOptimize(count);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["units"] = count_segments(body).units;
  state.counters["segments"] = count_segments(body).segments;
}

void BM_count_gsm_160(benchmark::State& state) { count_bench(state, sized(gsm_160, 160, ".")); }
void BM_count_gsm_160_escapes(benchmark::State& state) { count_bench(state, sized(gsm_160_escapes, 160, " ")); }
void BM_count_ucs2_70(benchmark::State& state) { count_bench(state, sized(ucs2_70, 70, "!")); }
void BM_count_ucs2_long(benchmark::State& state) { count_bench(state, ucs2_long); }

void BM_report_with_smart_encoding(benchmark::State& state) {
  const std::string body = sized(ucs2_70, 70, "!");
  for (auto _ : state) {
    auto report = report_segments(body);
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_split_ucs2_long(benchmark::State& state) {
  for (auto _ : state) {
    auto pieces = split_segments(ucs2_long);
    benchmark::DoNotOptimize(pieces);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_classify_keyword(benchmark::State& state) {
  const std::vector<std::string> bodies = {"Stop.", " opt in ", "Can we meet at 5?", "HELP"};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(classify_keyword(bodies[i++ % bodies.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_merge_status(benchmark::State& state) {
  const delivery_state current{"sent", std::nullopt, "", ""};
  const status_update update{"delivered", std::nullopt, ""};
  for (auto _ : state) {
    auto next = merge_status(current, update);
    benchmark::DoNotOptimize(next);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_count_gsm_160);
BENCHMARK(BM_count_gsm_160_escapes);
BENCHMARK(BM_count_ucs2_70);
BENCHMARK(BM_count_ucs2_long);
BENCHMARK(BM_report_with_smart_encoding);
BENCHMARK(BM_split_ucs2_long);
BENCHMARK(BM_classify_keyword);
BENCHMARK(BM_merge_status);

BENCHMARK_MAIN();
