// The simulator under parallel clients, and its request size limit.

#include <atomic>
#include <set>
#include <thread>

#include "sim_fixture.hpp"
#include "sim_test_support.hpp"

namespace crm::twilio_sim::testing {
namespace {

using concurrency = sim_fixture;

TEST_F(concurrency, parallel_clients_each_get_their_own_message) {
  constexpr int threads = 6;
  constexpr int per_thread = 25;
  std::vector<std::vector<std::string>> sids(threads);
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto c = client();  // one client per thread, as documented
      for (int i = 0; i < per_thread; ++i) {
        auto r = c.create_message(text("+1415555" + std::to_string(1000 + t), "n" + std::to_string(i)));
        if (r.ok()) {
          sids[static_cast<std::size_t>(t)].push_back(r.value()->sid);
        } else {
          ++failures;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<std::string> unique;
  for (const auto& list : sids) unique.insert(list.begin(), list.end());
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(threads * per_thread));

  auto c = client();
  twilio::list_messages_request q;
  q.page_size = 1000;
  auto all = c.list_messages(q);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value()->messages.size(), unique.size());
  // Each thread's messages come back newest first.
  twilio::list_messages_request mine;
  mine.to = "+14155551003";
  auto page = c.list_messages(mine);
  ASSERT_TRUE(page.ok());
  std::vector<std::string> listed;
  for (const auto& m : page.value()->messages) listed.push_back(m.sid);
  EXPECT_EQ(listed, std::vector<std::string>(sids[3].rbegin(), sids[3].rend()));
}

TEST_F(concurrency, oversized_request_is_refused_and_the_server_survives) {
  std::string huge(2 * 1024 * 1024, 'x');
  auto answer = http_post(sim_->base_url() + "/sim/inbound", huge);
  EXPECT_EQ(answer.status, 413);
  EXPECT_EQ(http_call(sim_->base_url() + "/healthz").status, 200);
}

}  // namespace
}  // namespace crm::twilio_sim::testing
