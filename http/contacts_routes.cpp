// Contacts API (api.md, "Contacts"): translation between HTTP and contact/thread commands.

#include <pistache/router.h>

#include "domain/contact_fields.hpp"
#include "eventlog/uuid.hpp"
#include "http/app.hpp"
#include "http/query_params.hpp"
#include "queries/contact.hpp"
#include "queries/contacts_list.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;

void send_contact(app& a, const responder_ptr& out, const std::string& id, int status, const std::string& message) {
  query(a, out, [out, id, status, message](pqxx::connection& c) {
    auto contact = queries::find_contact(c, id);
    if (!contact) return out->error(404, "Contact not found", "not_found");
    std::string body = "{\"success\":true,\"contact\":" + *contact;
    if (!message.empty()) body += ",\"message\":" + json_quote(message);
    out->json(status, body + "}");
  });
}

void list_contacts(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, params = query_params(request)](const user_info&) {
    queries::contact_filter filter;
    filter.search = params.text("search");
    filter.status = params.text("status");
    filter.tag = params.text("tag");
    auto limit = params.integer("limit", 50, 1, 500);
    auto skip = params.integer("skip", 0, 0, 1000000000);
    if (!limit) return out->error(400, "limit must be a whole number from 1 to 500", "invalid_query", "limit");
    if (!skip) return out->error(400, "skip must be a whole number of at least 0", "invalid_query", "skip");
    filter.limit = *limit;
    filter.skip = *skip;
    if (!filter.status.empty() && !domain::is_contact_status(filter.status))
      return out->error(400, "status must be one of new, contacted, qualified, nurturing, client, inactive",
                        "invalid_query", "status");
    auto opt_in = params.text("smsOptIn");
    if (opt_in == "true") filter.sms_opt_in = true;
    else if (opt_in == "false") filter.sms_opt_in = false;
    else if (!opt_in.empty()) return out->error(400, "smsOptIn must be true or false", "invalid_query", "smsOptIn");
    query(a, out, [out, filter](pqxx::connection& c) {
      out->json(200, "{\"success\":true," + queries::list_contacts_members(c, filter) + "}");
    });
  });
}

void get_contact(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  auto id = request.param(":id").as<std::string>();
  with_user(a, request, out, [&a, out, id](const user_info&) {
    if (!eventlog::is_uuid(id)) return out->error(404, "Contact not found", "not_found");
    send_contact(a, out, id, 200, "");
  });
}

void create_contact(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), body = request.body()](const user_info& user) {
    auto parsed = domain::parse_contact_fields(body, domain::contact_body_mode::create, a.config.default_region);
    if (auto* err = std::get_if<domain::contact_input_error>(&parsed))
      return out->error(400, err->message, err->code, err->field);
    actors::create_contact cmd;
    cmd.fields = std::get<domain::contact_fields>(parsed);
    cmd.phone = *cmd.fields.phone;
    cmd.contact_id = eventlog::random_uuid();
    cmd.ctx = context_of(origin, user, *out);
    ask(a, std::move(cmd), [&a, out](const actors::command_reply& reply) {
      if (reply.result != actors::outcome::created) return reply_failure(out, reply);
      // The reply carries the new contact's document as the projection makes it: once the
      // projection has it (read-your-writes), it is the answer, without reading it back.
      after_projection(a, reply.position, [&a, out, id = reply.id, document = reply.body] {
        if (document.empty()) return send_contact(a, out, id, 201, "Contact created successfully");
        out->json(201, "{\"success\":true,\"contact\":" + document + ",\"message\":\"Contact created successfully\"}");
      });
    });
  });
}

void update_contact(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), body = request.body()](const user_info& user) {
    auto parsed = domain::parse_contact_fields(body, domain::contact_body_mode::update, a.config.default_region);
    if (auto* err = std::get_if<domain::contact_input_error>(&parsed))
      return out->error(400, err->message, err->code, err->field);
    auto id = json_string_member(body, "_id");
    if (id.empty()) return out->error(400, "_id is required", "missing_field", "_id");
    if (!eventlog::is_uuid(id)) return out->error(404, "Contact not found", "not_found");
    actors::update_contact cmd;
    cmd.contact_id = id;
    cmd.fields = std::get<domain::contact_fields>(parsed);
    cmd.ctx = context_of(origin, user, *out);
    ask(a, std::move(cmd), [&a, out, id](const actors::command_reply& reply) {
      if (reply.result != actors::outcome::ok) return reply_failure(out, reply);
      after_projection(a, reply.position,
                       [&a, out, id] { send_contact(a, out, id, 200, "Contact updated successfully"); });
    });
  });
}

void delete_contact(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  auto id = query_params(request).text("id");
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), id](const user_info& user) {
    if (id.empty()) return out->error(400, "id is required", "missing_field", "id");
    if (!eventlog::is_uuid(id)) return out->error(404, "Contact not found", "not_found");
    actors::remove_contact cmd;
    cmd.contact_id = id;
    cmd.ctx = context_of(origin, user, *out);
    ask(a, std::move(cmd), [&a, out](const actors::command_reply& reply) {
      if (reply.result != actors::outcome::ok) return reply_failure(out, reply);
      after_projection(a, reply.position,
                       [out] { out->json(200, "{\"success\":true,\"message\":\"Contact deleted successfully\"}"); });
    });
  });
}

}  // namespace

void add_contact_routes(Pistache::Rest::Router& router, app& a) {
  Routes::Get(router, "/api/crm/contacts", route_to(a, list_contacts));
  Routes::Get(router, "/api/crm/contacts/:id", route_to(a, get_contact));
  Routes::Post(router, "/api/crm/contacts", route_to(a, create_contact));
  Routes::Put(router, "/api/crm/contacts", route_to(a, update_contact));
  Routes::Delete(router, "/api/crm/contacts", route_to(a, delete_contact));
}

}  // namespace crm::http
