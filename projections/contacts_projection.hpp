#pragma once
// The contacts read model (table contacts_view): one row per live contact, the API's Contact
// document in `doc`, and the columns the list's filters and search use; contact_counts holds
// the number of contacts per (tag, status, opt-in), so a filtered list's total is not a count;
// contact_phone_suffixes indexes every number's digit suffixes for the digit search.

#include "projections/projection.hpp"

namespace crm::projections {

class contacts_projection : public projection {
public:
  std::string name() const override { return "contacts"; }
  std::vector<std::string> tables() const override {
    return {"contacts_view", "contact_counts", "contact_phone_suffixes"};
  }
  void apply_batch(pqxx::work& tx, const eventlog::event_list& events) override;
};

}  // namespace crm::projections
