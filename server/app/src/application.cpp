// Application::handle, the one exit of every request: read the target, pick the namespace, let
// dispatch() decide the answer, then journal the request (every Graph request, once) before the
// events it caused, publish those events, and add the headers every response carries. Also the
// one exception barrier.
#include "gcm/app/application.hpp"

#include "context.hpp"
#include "gcm/app/log.hpp"
#include "gcm/state/ascii.hpp"
#include "gcm/state/ids.hpp"
#include "gcm/wire/text.hpp"
#include "request_target.hpp"
#include "responses.hpp"
#include "router.hpp"
#include "selection.hpp"
#include "utc.hpp"
#include "workspace.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::app {
namespace {

constexpr std::size_t journal_body_limit = 16 * 1024;

// The Host header goes into Location and @odata.context: only a plausible host[:port] is used.
std::string_view usable_host(std::string_view host) {
    const bool plausible =
        !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
        });
    return plausible ? host : std::string_view{"localhost"};
}

std::string base_url_of(const AppConfig& config, const Request& request,
                        std::string_view namespace_name) {
    std::string base = config.public_url;
    if (base.empty()) {
        base = request.secure ? "https://" : "http://";
        base += usable_host(request.host);
    }
    if (!namespace_name.empty()) {
        base += "/_ns/";
        base += namespace_name;
    }
    return base;
}

bool needs_json_body(const Request& r) {
    return (r.method == Method::post || r.method == Method::put || r.method == Method::patch) &&
           r.body.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

Response not_found(std::string_view path) {
    return graph_error(404, "UnknownUrl",
                       "Resource not found for the segment '" + std::string(path) + "'.");
}

// Runs the handler a match found, once the caller's roles allow it.
Response run(Context& ctx, RouteMatch match) {
    switch (match.kind) {
    case RouteMatch::Kind::found:
        if (auto refusal = authorize(ctx.caller, match.route->permissions))
            return std::move(*refusal);
        ctx.params = std::move(match.params);
        return match.route->handler(ctx);
    case RouteMatch::Kind::method_not_allowed:
        return method_not_allowed(ctx.request.method, std::move(match.allow));
    case RouteMatch::Kind::not_found:
        break;
    }
    return graph_error(404, "UnknownUrl", "Resource not found.");
}

RouteMatch find(const Context& ctx, const RouteTable& table, std::string_view path) {
    return match_route(table, ctx.request.method, path, ctx.version == "beta");
}

// The answer to a request whose namespace exists; journaling and publishing are the caller's.
Response dispatch(Context& ctx, const RequestTarget& target) {
    if (target.plane == RequestTarget::Plane::identity) {
        auto match = find(ctx, identity_routes(), target.path);
        if (match.kind != RouteMatch::Kind::not_found)
            return run(ctx, std::move(match));
    }
    ctx.graph_request = target.plane == RequestTarget::Plane::graph ||
                        target.plane == RequestTarget::Plane::identity;
    if (target.refusal)
        return graph_error(target.refusal->status, target.refusal->code, target.refusal->message);
    if (needs_json_body(ctx.request) &&
        !state::istarts_with(ctx.request.content_type, "application/json"))
        return graph_error(415, "UnsupportedMediaType",
                           "The request body must be sent as Content-Type: application/json.");
    switch (target.plane) {
    case RequestTarget::Plane::namespace_:
        return run(ctx, find(ctx, namespace_routes(), ""));
    case RequestTarget::Plane::control:
        return run(ctx, find(ctx, control_routes(), target.path));
    case RequestTarget::Plane::graph:
    case RequestTarget::Plane::identity:
        break;
    }
    auto caller = authenticate(ctx.request, ctx.config, ctx.signer);
    if (auto* refusal = std::get_if<Response>(&caller))
        return std::move(*refusal);
    ctx.caller = std::move(std::get<Caller>(caller));
    auto match = find(ctx, graph_routes(), target.path);
    if (match.kind == RouteMatch::Kind::not_found)
        return not_found(target.path);
    return selected(ctx, run(ctx, std::move(match)));
}

} // namespace

Application::Application(AppConfig config, Scheduler& scheduler, NotificationSink* notifier,
                         const auth::TokenSigner& signer)
    : config_(std::move(config)), signer_(signer), notifier_(notifier),
      namespaces_(std::make_unique<Namespaces>(config_, scheduler, notifier)) {}

Application::~Application() = default;

Response Application::answer(const Request& request, const std::string& request_id) {
    const auto started = std::chrono::steady_clock::now();
    const RequestTarget target = parse_target(request.target);
    // A named namespace is made on first use, but not for a target that cannot be routed, nor
    // for a request to the namespace itself (DELETE /_ns/{name}). What has no namespace of its
    // own is journaled in the default one.
    std::shared_ptr<Workspace> named;
    if (!target.namespace_name.empty())
        named = target.refusal || target.plane == RequestTarget::Plane::namespace_
                    ? namespaces_->find(target.namespace_name)
                    : namespaces_->find_or_create(target.namespace_name);
    Workspace& workspace = named ? *named : namespaces_->default_namespace();
    Response response;
    state::Effects outbox;
    bool graph_request = target.plane == RequestTarget::Plane::graph;
    try {
        if (!target.namespace_name.empty() && !named && !target.refusal) {
            response = target.plane == RequestTarget::Plane::namespace_
                           ? graph_error(404, "itemNotFound",
                                         "Namespace '" + std::string(target.namespace_name) +
                                             "' does not exist.")
                           : graph_error(429, "TooManyRequests",
                                         "The maximum number of namespaces (" +
                                             std::to_string(config_.max_namespaces) +
                                             ") is in use; DELETE /_ns/{name} frees one.");
        } else {
            Context ctx{request,
                        config_,
                        workspace,
                        *namespaces_,
                        signer_,
                        target.namespace_name,
                        target.query,
                        target.version,
                        base_url_of(config_, request, target.namespace_name),
                        {},
                        {},
                        {},
                        false};
            try {
                response = dispatch(ctx, target);
            } catch (...) {
                outbox = std::move(ctx.outbox); // what the engine did before it threw stands
                graph_request = ctx.graph_request;
                throw;
            }
            outbox = std::move(ctx.outbox);
            graph_request = ctx.graph_request;
        }
    } catch (const std::exception& e) {
        log_error("internal error on " + std::string(request.target) + ": " + e.what());
        response = graph_error(500, "9999", "Unknown internal server error.");
    } catch (...) {
        log_error("internal error on " + std::string(request.target));
        response = graph_error(500, "9999", "Unknown internal server error.");
    }
    std::optional<RequestRecord> record;
    if (graph_request) {
        try {
            record = RequestRecord{request.method,
                                   std::string(request.target),
                                   response.status,
                                   request_id,
                                   std::string(request.body.substr(0, journal_body_limit)),
                                   std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - started)};
        } catch (...) {
            log_error("cannot journal a request: out of memory");
        }
    }
    response.aftermath = workspace.publish(std::move(outbox), std::move(record));
    return response;
}

void Application::finish(Response& response, const std::string& request_id,
                         std::string_view client_request_id) {
    const UtcStamp& now = utc_now();
    auto& standard = response.standard;
    standard.request_id = request_id;
    standard.client_request_id = client_request_id;
    static_assert(sizeof now.http > std::tuple_size_v<decltype(standard.date)>);
    std::copy_n(now.http, standard.date.size(), standard.date.begin());
    if (response.error) {
        json::object body{
            {"error", json::object{{"code", response.error->code},
                                   {"message", wire::valid_utf8(response.error->message)},
                                   {"innerError", json::object{{"date", now.iso},
                                                               {"request-id", request_id},
                                                               {"client-request-id",
                                                                client_request_id.empty()
                                                                    ? std::string_view(request_id)
                                                                    : client_request_id}}}}}};
        response.body = json::serialize(body);
    }
}

void Application::deliver(Aftermath aftermath) noexcept {
    if (notifier_)
        for (auto& n : aftermath.notifications) {
            try {
                notifier_->send(std::move(n));
            } catch (const std::exception& e) {
                log_error(std::string("cannot queue a notification: ") + e.what());
            }
        }
    if (aftermath.start_timers) {
        try {
            aftermath.start_timers();
        } catch (const std::exception& e) {
            log_error(std::string("cannot start a timer: ") + e.what());
        }
    }
}

Response Application::handle(const Request& request) noexcept {
    Response response;
    try {
        const std::string request_id = state::random_uuid();
        response = answer(request, request_id);
        finish(response, request_id, request.client_request_id);
        response.standard.scenario_id = request.scenario_id;
    } catch (...) {
        // Only allocation can fail here; answer without the extras rather than not at all.
        response = Response{};
        response.status = 500;
    }
    return response;
}

Response Application::refuse(unsigned status, std::string code, std::string message) noexcept {
    Response response;
    try {
        response = graph_error(status, std::move(code), std::move(message));
        finish(response, state::random_uuid(), {});
    } catch (...) {
        response = Response{};
        response.status = status;
    }
    return response;
}

} // namespace gcm::app
