#include "tools/twilio_sim/sim_reply.hpp"

#include <spdlog/spdlog.h>

#include "tools/twilio_sim/message_json.hpp"

namespace crm::twilio_sim {

using namespace Pistache;

namespace {

// Pistache 0.0.5 writes only typed headers (addRaw is dropped on output), so extra headers
// such as Retry-After need a class of their own.
class named_header : public Http::Header::Header {
public:
  named_header(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& os) const override { os << value_; }
#ifdef SAFE_HEADER_CAST
  uint64_t hash() const override { return Http::Header::detail::hash(name_.c_str()); }
#endif

private:
  std::string name_;
  std::string value_;
};

}  // namespace

sim_reply twilio_error_reply(int status, int code, const std::string& message) {
  return sim_reply{status, error_json(code, message, status), "application/json", {}};
}

bool wants_keep_alive(const Http::Request& request) {
  auto connection = request.headers().tryGet<Http::Header::Connection>();
  if (connection) return connection->control() == Http::ConnectionControl::KeepAlive;
  return request.version() == Http::Version::Http11;
}

void send_reply(Http::ResponseWriter& writer, const sim_reply& reply, bool keep_alive) {
  try {
    // Pistache pre-fills Connection: Close for requests without a Connection header, and
    // add() does not replace an existing header.
    writer.headers().remove<Http::Header::Connection>();
    writer.headers().add<Http::Header::Connection>(keep_alive ? Http::ConnectionControl::KeepAlive
                                                              : Http::ConnectionControl::Close);
    for (const auto& [name, value] : reply.headers) writer.headers().add(std::make_shared<named_header>(name, value));
    writer.send(static_cast<Http::Code>(reply.status), reply.body,
                Http::Mime::MediaType::fromString(reply.content_type));
  } catch (const std::exception& e) {
    // The client left (e.g. a CRM killed while a reply was held): nothing to answer.
    spdlog::debug("twilio-sim: reply not sent: {}", e.what());
  }
}

}  // namespace crm::twilio_sim
