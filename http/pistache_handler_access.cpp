#include "http/pistache_handler_access.hpp"

namespace crm::http {
namespace {

using transport_member = Pistache::Tcp::Transport* Pistache::Tcp::Handler::*;

transport_member handler_transport_member();

template <transport_member member>
struct transport_member_of_handler {
  friend transport_member handler_transport_member() { return member; }
};

template struct transport_member_of_handler<&Pistache::Tcp::Handler::transport_>;

}  // namespace

void give_transport(Pistache::Tcp::Handler& handler, Pistache::Tcp::Transport* transport) {
  handler.*handler_transport_member() = transport;
}

}  // namespace crm::http
