// Routes are data: {method, path template, handler}. Matching tells a missing path (404) from a
// path that exists for other methods (405, with the Allow list).
#pragma once

#include "context.hpp"
#include "permissions.hpp"
#include "services.hpp"

#include <span>
#include <string>

namespace gcm::app {

// A route's handler: a Graph handler sees the request and the engine only; a control-plane
// handler also the namespace's services.
struct Handler {
    using Graph = Response (*)(Context&);
    using Control = Response (*)(Context&, Services&);
    constexpr Handler(Graph handler) : graph(handler) {}
    constexpr Handler(Control handler) : control(handler) {}
    Response operator()(Context& ctx, Services& services) const {
        return graph ? graph(ctx) : control(ctx, services);
    }
    Graph graph = nullptr;
    Control control = nullptr;
};

struct Route {
    enum Flags : std::uint8_t {
        plain = 0,
        // The last segment is an OData action or function: it may also be sent qualified with
        // its namespace ("microsoft.graph.answer"), as the C# SDKs and Graph PowerShell do.
        action = 1 << 0,
        beta_only = 1 << 1, // served under /beta only
        // On the control plane: served without --admin-token (the health check, and the public
        // keys and certificate a bot fetches to trust the mock).
        open = 1 << 2,
    };
    Method method;
    std::string_view pattern; // segments; "{name}" captures one
    Handler handler;
    // The app roles that allow it, any one of them (under --auth jwt); none: no role needed.
    Permissions permissions = permission::none;
    std::uint8_t flags = plain;
};

class RouteTable;

struct RouteMatch {
    enum class Kind { found, not_found, method_not_allowed };
    Kind kind = Kind::not_found;
    const Route* route = nullptr;
    std::array<std::string, 3> params{};
    std::string allow; // for method_not_allowed: "GET, DELETE"
};

// `path` is relative to the table's root, without leading '/' ("" is the root itself). Literal
// segments compare case-insensitively, as Graph's do.
RouteMatch match_route(const RouteTable& table, Method method, std::string_view path,
                       bool beta = false);

// Every route of every table has a slot (for per-route counters), and one more slot stands for
// the requests no route took.
std::size_t route_slots();
std::size_t route_slot(const Route* route); // null: the last slot
// "/communications/calls/{callId}", "/_mock/health", "/_ns/{name}", "(no route)".
std::string route_template(std::size_t slot);
// The routes of a table, in order (for checks such as the OpenAPI document's).
std::span<const Route> routes_of(const RouteTable& table);

// The rows of each table, in order (route_tables.cpp, which names the handlers).
struct RouteRows {
    std::span<const Route> graph, control, namespace_itself, identity;
};
const RouteRows& route_rows();

const RouteTable& graph_routes();     // under /v1.0|beta/communications
const RouteTable& control_routes();   // under /_mock
const RouteTable& namespace_routes(); // /_ns/{name} itself
const RouteTable& identity_routes();  // the identity platform's: /{tenant}/oauth2/v2.0/token...

} // namespace gcm::app
