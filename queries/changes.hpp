#pragma once
// GET /api/crm/updates (http/changes_feed.cpp): what changed after a position, for live updates.

#include <cstdint>
#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// `"position":N,"changes":[...]`: what changed after `after` (contacts, conversations, messages).
std::string changes_after_members(pqxx::connection& connection, std::int64_t after, int limit);

}  // namespace crm::queries
