// Sessions end by the clock the auth service is given: one unused past the idle limit, or older
// than its lifetime, is refused as that clock reads, so the test sets the time rather than
// waiting hours for it.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "domain/clock.hpp"
#include "http/auth_service.hpp"
#include "projections/all_projections.hpp"
#include "projections/db_pool.hpp"
#include "projections/projector.hpp"
#include "support/test_database.hpp"
#include "team/team_service.hpp"

namespace crm::http {
namespace {

using namespace std::chrono_literals;

constexpr const char* email = "agent@example.com";
constexpr const char* password = "correct horse battery staple";

class session_clock : public ::testing::Test {
protected:
  // The administrator as crmd's start-up makes it: in the log, then in the users read model.
  session_clock() {
    team::team_service team(url_, clock_);
    team.ensure_admin(email, password);
    projections::projector(url_, projections::all_projections()).catch_up();
  }

  // Signs in and returns the session token.
  std::string sign_in(auth_service& auth) {
    std::promise<std::string> token;
    auth.login(
        email, password, [&](user_info, std::string t) { token.set_value(std::move(t)); },
        [&](auth_service::login_failure) { token.set_value(""); });
    return token.get_future().get();
  }

  bool accepted(auth_service& auth, const std::string& token) {
    std::promise<std::optional<user_info>> user;
    auth.authenticate(token, [&](std::optional<user_info> u) { user.set_value(std::move(u)); });
    return user.get_future().get().has_value();
  }

  std::string url_ = testing::fresh_database();
  projections::db_pool pool_{url_, 2};
  std::shared_ptr<domain::manual_clock> clock_ = std::make_shared<domain::manual_clock>(domain::system_clock().now());
};

TEST_F(session_clock, a_session_ends_when_the_clock_has_moved_past_its_idle_limit) {
  auth_service auth(pool_, clock_, std::chrono::hours(24), std::chrono::seconds(3600));
  auto token = sign_in(auth);
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(accepted(auth, token));
  clock_->advance(50min);
  EXPECT_TRUE(accepted(auth, token));
  clock_->advance(50min);
  EXPECT_TRUE(accepted(auth, token)) << "idle is counted from the last use, not the sign-in";
  clock_->advance(61min);
  EXPECT_FALSE(accepted(auth, token));
}

TEST_F(session_clock, a_session_ends_when_the_clock_has_moved_past_its_lifetime) {
  auth_service auth(pool_, clock_, std::chrono::hours(24), std::chrono::seconds(12 * 3600));
  auto token = sign_in(auth);
  ASSERT_FALSE(token.empty());
  clock_->advance(11h);
  EXPECT_TRUE(accepted(auth, token));
  clock_->advance(11h);
  EXPECT_TRUE(accepted(auth, token));
  clock_->advance(3h);
  EXPECT_FALSE(accepted(auth, token)) << "used within its idle limit, but 25 hours old";
}

}  // namespace
}  // namespace crm::http
