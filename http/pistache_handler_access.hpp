#pragma once
// The one place crmd reaches into Pistache 0.0.5 past its public interface, and why.
//
// Pistache keeps Http::Handler::onInput (its parser) private, so a handler that must look at
// a connection's bytes before the parser does (http/connection_guard.hpp) cannot call it as a
// base class. It can call it on a second handler, the router's own, through the public
// Tcp::Handler::onInput; but that handler answers through the transport it was given, and
// only Pistache's Transport may give one (Tcp::Handler::associateTransport is private). This
// header hands the guard's transport to the router's handler. It names the private member in
// an explicit template instantiation, where the language does not check access
// ([temp.spec.general]/6); a Pistache that renames the member fails to compile here, loudly.

#include <pistache/tcp.h>

namespace crm::http {

/// Makes `handler` answer through `transport`, as Pistache's Transport does for its own handler.
void give_transport(Pistache::Tcp::Handler& handler, Pistache::Tcp::Transport* transport);

}  // namespace crm::http
