// Everything a handler sees of one request: the request, its path parameters, its namespace's
// workspace, the URLs its answer refers back to, and its outbox: what its engine calls cause,
// published by Application::handle once the handler has answered.
#pragma once

#include "authentication.hpp"
#include "gcm/app/config.hpp"
#include "gcm/app/http_types.hpp"
#include "gcm/auth/token_signer.hpp"
#include "gcm/state/events.hpp"
#include "workspace.hpp"

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace gcm::app {

struct Route;
class Metrics;

struct Context {
    const Request& request;
    const AppConfig& config;
    Workspace& workspace;
    Namespaces& namespaces;
    const auth::TokenSigner& signer;
    std::string_view namespace_name; // empty for the default namespace
    std::string_view query;          // after '?', without it
    std::string_view version;        // "v1.0" or "beta"; empty on the control plane
    std::string base_url;            // scheme://host[/_ns/name]
    std::array<std::string, 3> params{};
    // Effects of the request's engine calls: pass it to every engine method that changes state.
    state::Effects outbox;
    // Who sent it (a Graph request), as its token says.
    Caller caller;
    // Whether the journal records it as a Graph request (a Graph path, or one that is no route
    // of any table).
    bool graph_request = false;
    // The route that took it (null: none), for the metrics.
    const Route* route = nullptr;
    // For a handler that answers later (a wait): a Later whose answer gets the headers every
    // response carries, and is counted.
    std::function<std::shared_ptr<Later>()> make_later;
    // The server's counters (GET /_mock/metrics reports them).
    Metrics* metrics = nullptr;
    // The application's timers (an event stream's keep-alive).
    Scheduler* scheduler = nullptr;

    state::Engine& engine() { return workspace.engine(); }
    const std::string& call_id() const { return params[0]; }
    // The participant or operation id, after the call id.
    const std::string& item_id() const { return params[1]; }
    // ".../v1.0" or ".../beta": the root that Location headers and @odata.context hang from.
    std::string version_url() const { return base_url + "/" + std::string(version); }
};

} // namespace gcm::app
