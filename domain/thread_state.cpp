#include "domain/thread_state.hpp"

#include <rapidjson/document.h>

namespace crm::domain {

void evolve(thread_state& state, const std::string& type, const std::string& data) {
  if (type != "ContactLinked" && type != "ContactUnlinked") return;
  rapidjson::Document d;
  d.Parse(data.c_str(), data.size());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("contactId") || !d["contactId"].IsString()) return;
  std::string contact = d["contactId"].GetString();
  if (type == "ContactLinked") {
    state.linked_contact_id = contact;
  } else if (state.linked_contact_id == contact) {
    state.linked_contact_id.clear();
  }
}

}  // namespace crm::domain
