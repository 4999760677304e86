#pragma once
// The events of a user's stream (`user-<uuid>`): who may sign in, under which name and role.
// Passwords are not events: a hash in an append-only log could never be erased, so the
// credential lives in user_credentials and the log records only that it changed, by whom.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "domain/event_codec.hpp"

namespace crm::domain::events {

/// A new user. `by` is the user who created it, "system" for the administrator from the
/// environment and for users created before users had streams.
struct user_created {
  static constexpr std::string_view type = "UserCreated";
  std::string user_id, email, name, role, by, at;
  static constexpr auto fields() {
    return std::make_tuple(required("userId", &user_created::user_id), required("email", &user_created::email),
                           required("name", &user_created::name), required("role", &user_created::role),
                           required("by", &user_created::by), required("at", &user_created::at));
  }
};

struct user_renamed {
  static constexpr std::string_view type = "UserRenamed";
  std::string user_id, name, by, at;
  static constexpr auto fields() {
    return std::make_tuple(required("userId", &user_renamed::user_id), required("name", &user_renamed::name),
                           required("by", &user_renamed::by), required("at", &user_renamed::at));
  }
};

struct user_role_changed {
  static constexpr std::string_view type = "UserRoleChanged";
  std::string user_id, role, by, at;
  static constexpr auto fields() {
    return std::make_tuple(required("userId", &user_role_changed::user_id), required("role", &user_role_changed::role),
                           required("by", &user_role_changed::by), required("at", &user_role_changed::at));
  }
};

/// The password was set anew (by the user, or reset by an administrator or the operator).
struct user_password_changed {
  static constexpr std::string_view type = "UserPasswordChanged";
  std::string user_id, by, at;
  static constexpr auto fields() {
    return std::make_tuple(required("userId", &user_password_changed::user_id),
                           required("by", &user_password_changed::by), required("at", &user_password_changed::at));
  }
};

/// The user can no longer sign in and its sessions ended; its history stays attributed to it.
struct user_deactivated {
  static constexpr std::string_view type = "UserDeactivated";
  std::string user_id, by, at;
  static constexpr auto fields() {
    return std::make_tuple(required("userId", &user_deactivated::user_id), required("by", &user_deactivated::by),
                           required("at", &user_deactivated::at));
  }
};

struct user_reactivated {
  static constexpr std::string_view type = "UserReactivated";
  std::string user_id, by, at;
  static constexpr auto fields() {
    return std::make_tuple(required("userId", &user_reactivated::user_id), required("by", &user_reactivated::by),
                           required("at", &user_reactivated::at));
  }
};

}  // namespace crm::domain::events

namespace crm::domain {

/// Any event of a user stream.
using user_event = std::variant<events::user_created, events::user_renamed, events::user_role_changed,
                                events::user_password_changed, events::user_deactivated, events::user_reactivated>;
using user_events = std::vector<user_event>;

domain_events encode_all(const user_events& events);

/// A user event from the log, or nullopt for another stream's type; malformed_event when the
/// data does not read.
std::optional<user_event> decode_user_event(std::string_view type, std::string_view data, std::int64_t position = 0);

}  // namespace crm::domain
