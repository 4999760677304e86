// Messaging API (api.md, "Messages"): the segment counter so far.

#include <rapidjson/document.h>

#include "domain/segment_report.hpp"
#include "http/app.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;

void segments(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  if (body_too_large(request, out)) return;
  with_user(a, request, out, [out, body = request.body()](const user_info&) {
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    if (d.HasParseError() || !d.IsObject()) return out->error(400, "The request body must be a JSON object", "invalid_json");
    if (!d.HasMember("body") || !d["body"].IsString()) return out->error(400, "body is required and must be a string", "missing_field", "body");
    auto report = domain::report_segments(std::string_view(d["body"].GetString(), d["body"].GetStringLength()));
    auto& c = report.count;
    auto& s = report.smart_encoded;
    out->json(200, std::string("{\"success\":true,\"encoding\":\"") + domain::encoding_name(c.encoding) +
                       "\",\"segments\":" + std::to_string(c.segments) + ",\"characters\":" + std::to_string(c.characters) +
                       ",\"unitsPerSegment\":" + std::to_string(c.units_per_segment) +
                       ",\"remainingInSegment\":" + std::to_string(c.remaining_in_segment) +
                       ",\"smartEncoded\":{\"body\":" + json_quote(s.body) + ",\"encoding\":\"" +
                       domain::encoding_name(s.encoding) + "\",\"segments\":" + std::to_string(s.segments) + "}}");
  });
}

}  // namespace

void add_sms_routes(Pistache::Rest::Router& router, app& a) {
  Routes::Post(router, "/api/crm/sms/segments", [&a](const Request& r, ResponseWriter w) { segments(a, r, std::move(w)); return Pistache::Rest::Route::Result::Ok; });
}

}  // namespace crm::http
