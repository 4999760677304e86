// The team's decisions: the rules that span users (one user per email, an active administrator
// always left) and what each change records.

#include <gtest/gtest.h>

#include "domain/team.hpp"

namespace crm::domain {
namespace {

actor_context by(const std::string& user_id) {
  actor_context ctx;
  ctx.user_id = user_id;
  ctx.now = "2026-12-08T09:00:00.000Z";
  return ctx;
}

// Applies a decision's events as the log would number them.
void apply(team_state& team, const user_decision& d) {
  ASSERT_FALSE(d.refusal);
  std::int64_t version = team.by_id(d.user_id) ? team.by_id(d.user_id)->version : 0;
  for (auto& e : d.events) evolve(team, e, ++version);
}

class team_decisions : public ::testing::Test {
protected:
  team_decisions() {
    apply(team, decide_create_user(team, {"a1", "Boss@Example.com", "Ann Admin", "admin"}, by("")));
    apply(team, decide_create_user(team, {"g1", "gus@example.com", "Gus Agent", "agent"}, by("a1")));
  }
  team_state team;
};

TEST_F(team_decisions, a_created_user_records_who_created_it_and_when) {
  auto d = decide_create_user(team, {"G2", " joy@example.com ", " Joy ", "agent"}, by("a1"));
  ASSERT_FALSE(d.refusal);
  ASSERT_EQ(d.events.size(), 1u);
  auto& created = std::get<events::user_created>(d.events[0]);
  EXPECT_EQ(created.user_id, "g2");
  EXPECT_EQ(created.email, "joy@example.com");
  EXPECT_EQ(created.name, "Joy");
  EXPECT_EQ(created.by, "a1");
  EXPECT_EQ(created.at, "2026-12-08T09:00:00.000Z");
  // The operator and start-up act as no user: the log says "system".
  auto first = decide_create_user(team_state{}, {"x", "x@example.com", "X", "admin"}, by(""));
  EXPECT_EQ(std::get<events::user_created>(first.events[0]).by, "system");
}

TEST_F(team_decisions, an_email_names_one_user_whatever_its_case) {
  auto d = decide_create_user(team, {"g2", "boss@EXAMPLE.com", "Other", "agent"}, by("a1"));
  EXPECT_EQ(d.refusal, user_refusal::email_taken);
  EXPECT_EQ(d.field, "email");
  EXPECT_TRUE(d.events.empty());
}

TEST_F(team_decisions, bad_fields_are_refused_naming_the_field) {
  EXPECT_EQ(decide_create_user(team, {"g2", "no-at-sign", "N", "agent"}, by("a1")).refusal,
            user_refusal::invalid_email);
  EXPECT_EQ(decide_create_user(team, {"g2", "a@b@c", "N", "agent"}, by("a1")).refusal, user_refusal::invalid_email);
  EXPECT_EQ(decide_create_user(team, {"g2", "n@example.com", "  ", "agent"}, by("a1")).refusal,
            user_refusal::invalid_name);
  auto role = decide_create_user(team, {"g2", "n@example.com", "N", "owner"}, by("a1"));
  EXPECT_EQ(role.refusal, user_refusal::invalid_role);
  EXPECT_EQ(role.field, "role");
}

TEST_F(team_decisions, the_last_active_admin_can_be_neither_demoted_nor_deactivated) {
  auto demote = decide_change_user(team, {"a1", std::nullopt, std::string("agent"), std::nullopt}, by("a1"));
  EXPECT_EQ(demote.refusal, user_refusal::last_admin);
  EXPECT_EQ(demote.field, "role");
  auto deactivate = decide_change_user(team, {"a1", std::nullopt, std::nullopt, false}, by("a1"));
  EXPECT_EQ(deactivate.refusal, user_refusal::last_admin);
  EXPECT_EQ(deactivate.field, "active");
}

TEST_F(team_decisions, with_a_second_admin_the_first_may_step_down) {
  apply(team, decide_change_user(team, {"g1", std::nullopt, std::string("admin"), std::nullopt}, by("a1")));
  EXPECT_EQ(team.active_admins(), 2);
  auto d = decide_change_user(team, {"a1", std::nullopt, std::nullopt, false}, by("g1"));
  ASSERT_FALSE(d.refusal);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(std::get<events::user_deactivated>(d.events[0]).by, "g1");
  apply(team, d);
  EXPECT_FALSE(team.users.at("a1").active);
  // The one left is the last one now.
  EXPECT_EQ(decide_change_user(team, {"g1", std::nullopt, std::string("agent"), std::nullopt}, by("g1")).refusal,
            user_refusal::last_admin);
}

TEST_F(team_decisions, a_change_records_only_what_differs) {
  auto same = decide_change_user(team, {"g1", std::string("Gus Agent"), std::string("agent"), true}, by("a1"));
  ASSERT_FALSE(same.refusal);
  EXPECT_TRUE(same.events.empty());
  auto renamed = decide_change_user(team, {"G1", std::string("Gus A."), std::nullopt, std::nullopt}, by("a1"));
  ASSERT_EQ(renamed.events.size(), 1u);
  EXPECT_EQ(std::get<events::user_renamed>(renamed.events[0]).name, "Gus A.");
}

TEST_F(team_decisions, a_deactivated_user_comes_back_with_its_history) {
  apply(team, decide_change_user(team, {"g1", std::nullopt, std::nullopt, false}, by("a1")));
  EXPECT_FALSE(team.users.at("g1").active);
  auto back = decide_change_user(team, {"g1", std::nullopt, std::nullopt, true}, by("a1"));
  ASSERT_EQ(back.events.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<events::user_reactivated>(back.events[0]));
  apply(team, back);
  EXPECT_TRUE(team.users.at("g1").active);
  EXPECT_EQ(team.users.at("g1").version, 3);
}

TEST_F(team_decisions, an_unknown_user_is_not_found) {
  EXPECT_EQ(decide_change_user(team, {"nobody", std::string("X"), std::nullopt, std::nullopt}, by("a1")).refusal,
            user_refusal::not_found);
  EXPECT_EQ(decide_password_change(team, "nobody", by("a1")).refusal, user_refusal::not_found);
}

TEST_F(team_decisions, a_password_change_records_who_changed_it_but_no_secret) {
  auto d = decide_password_change(team, "g1", by("a1"));
  ASSERT_EQ(d.events.size(), 1u);
  auto encoded = encode_all(d.events);
  EXPECT_EQ(encoded[0].type, "UserPasswordChanged");
  EXPECT_EQ(encoded[0].data, R"({"userId":"g1","by":"a1","at":"2026-12-08T09:00:00.000Z"})");
}

TEST_F(team_decisions, user_events_read_back_as_they_were_written) {
  auto d = decide_create_user(team, {"g2", "joy@example.com", "Joy", "agent"}, by("a1"));
  auto encoded = encode_all(d.events);
  auto decoded = decode_user_event(encoded[0].type, encoded[0].data, 7);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(std::get<events::user_created>(*decoded).email, "joy@example.com");
  EXPECT_THROW(decode_user_event("UserRenamed", R"({"userId":"g1"})", 9), malformed_event);
  EXPECT_FALSE(decode_user_event("ContactCreated", "{}", 1));
}

}  // namespace
}  // namespace crm::domain
