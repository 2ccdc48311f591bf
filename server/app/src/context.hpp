// What a Graph handler sees of one request: the request, its path parameters, the engine of its
// namespace, the URLs its answer refers back to, and its outbox: what its engine calls cause,
// published by Application::handle once the handler has answered. The control plane's handlers
// are also given the namespace's services (services.hpp); a Graph handler never sees them.
#pragma once

#include "authentication.hpp"
#include "gcm/app/config.hpp"
#include "gcm/app/http_types.hpp"
#include "gcm/state/engine.hpp"
#include "gcm/state/events.hpp"

#include <array>
#include <string>
#include <string_view>

namespace gcm::app {

struct Context {
    const Request& request;
    const AppConfig& config;
    // The namespace's engine: pass `outbox` to every method that changes state.
    state::Engine& engine;
    std::string_view query;   // after '?', without it
    std::string_view version; // "v1.0" or "beta"; empty on the control plane
    std::string base_url;     // scheme://host[/_ns/name]
    std::array<std::string, 3> params{};
    // Effects of the request's engine calls.
    state::Effects outbox{};
    // Who sent it (a Graph request), as its token says.
    Caller caller{};

    const std::string& call_id() const { return params[0]; }
    // The participant or operation id, after the call id.
    const std::string& item_id() const { return params[1]; }
    // ".../v1.0" or ".../beta": the root that Location headers and @odata.context hang from.
    std::string version_url() const { return base_url + "/" + std::string(version); }
};

} // namespace gcm::app
