// crmd's projectors follow the log in lanes side by side: together the lanes hold every
// projection exactly once, and the position the watch hears is the one every lane has reached.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "projections/all_projections.hpp"
#include "projections/lane_progress.hpp"
#include "projections/projector.hpp"
#include "support/test_database.hpp"

namespace crm::projections {
namespace {

TEST(projector_lanes, the_lanes_hold_every_projection_once) {
  std::multiset<std::string> in_lanes, all;
  for (int lane = 0; lane < projection_lanes; ++lane)
    for (auto& p : lane_projections(lane)) in_lanes.insert(p->name());
  for (auto& p : all_projections()) all.insert(p->name());
  EXPECT_EQ(in_lanes, all);
}

TEST(projector_lanes, the_watch_hears_the_position_every_lane_has_reached) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  std::int64_t head = 0;
  for (int i = 0; i < 3; ++i) {
    eventlog::new_event event{eventlog::random_uuid(), "Tested", "{\"n\":1}", "{}"};
    head = store.append({{eventlog::stream_append{"lanes-" + std::to_string(i), eventlog::expected::any, {event}}}})
               .last_position;
  }
  ASSERT_GT(head, 0);

  position_watch watch;
  lane_progress progress(watch, projection_lanes);
  std::vector<std::unique_ptr<projector>> lanes;
  for (int lane = 0; lane < projection_lanes; ++lane)
    lanes.push_back(std::make_unique<projector>(url, lane_projections(lane)));

  progress.report(0, lanes[0]->catch_up());
  EXPECT_EQ(lanes[0]->position(), head);
  EXPECT_EQ(watch.position(), 0) << "one lane alone must not move the watch";
  for (int lane = 1; lane < projection_lanes; ++lane) progress.report(lane, lanes[static_cast<size_t>(lane)]->catch_up());
  EXPECT_EQ(watch.position(), head);
}

}  // namespace
}  // namespace crm::projections
