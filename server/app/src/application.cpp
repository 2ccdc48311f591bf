// Application::handle, the one exit of every request: read the target, pick the namespace, let
// the fault rules and dispatch() decide the answer, then journal the request (every Graph
// request, once) before the events it caused, publish those events, add the headers every
// response carries, and count it. Also the one exception barrier.
#include "gcm/app/application.hpp"

#include "call_ownership.hpp"
#include "context.hpp"
#include "fault_effects.hpp"
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
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::app {
namespace {

constexpr std::size_t journal_body_limit = 16 * 1024;
// A request refused before any handler read it (no route, no token, wrong media type, no
// namespace left) keeps only this much of its body, target and headers in the journal: enough to
// tell what it was, while a flood of refused 16 KiB POSTs costs the journal little (its byte
// budget then holds many more of them).
constexpr std::size_t refused_excerpt_limit = 256;
constexpr std::size_t refused_target_limit = 1024;

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

// Whether a Content-Type names JSON: "application/json" exactly (any case), parameters such as
// "; charset=utf-8" allowed after it, and nothing else ("application/jsonx" is not JSON).
bool is_json_media_type(std::string_view content_type) {
    const auto type = content_type.substr(0, content_type.find(';'));
    const auto first = type.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return false;
    const auto last = type.find_last_not_of(" \t");
    return state::iequals(type.substr(first, last - first + 1), "application/json");
}

// The call a Graph path names ("calls/{id}/..."), if any.
std::string_view call_in(std::string_view path) {
    if (!state::istarts_with(path, "calls/"))
        return {};
    path.remove_prefix(6);
    auto id = path.substr(0, path.find('/'));
    return state::iequals(id, "logTeleconferenceDeviceQuality") ? std::string_view{} : id;
}

// The call a request concerned, for the journal: its path's, else the one its first event is
// about (the call it created).
std::string call_of(std::string_view path_call, const state::Effects& effects) {
    if (!path_call.empty())
        return std::string(path_call);
    if (effects.events.empty())
        return {};
    return std::visit([](const auto& e) { return e.call.id; }, effects.events.front());
}

std::string truncated(std::string_view text, std::size_t limit = journal_body_limit) {
    return std::string(text.substr(0, limit));
}

Response not_found(std::string_view path) {
    return graph_error(404, "UnknownUrl",
                       "Resource not found for the segment '" + std::string(path) + "'.");
}

// A Graph route that acts on one call, which may belong to another app ("calls/{callId}...").
bool call_scoped(const Route& route) {
    return route.pattern.starts_with("calls/{callId}");
}

enum class Calls { open, owned };

// Runs the handler a match found, once the caller's roles allow it (and, for the Graph API's
// calls, once the call is the caller's).
Response run(Context& ctx, Services& services, RouteMatch match, Calls calls = Calls::open) {
    switch (match.kind) {
    case RouteMatch::Kind::found:
        if (auto refusal = authorize(ctx.caller, match.route->permissions))
            return std::move(*refusal);
        ctx.params = std::move(match.params);
        services.route = match.route;
        if (calls == Calls::owned && call_scoped(*match.route))
            if (auto refusal = refuse_foreign_caller(ctx))
                return std::move(*refusal);
        return match.route->handler(ctx, services);
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

// The control plane, guarded by --admin-token when it is set: what the token opens, and what is
// open to all (the health check; the public keys and certificate bots fetch).
Response run_control(Context& ctx, Services& services, RouteMatch match) {
    const bool open = match.kind == RouteMatch::Kind::found && (match.route->flags & Route::open);
    if (!open)
        if (auto refusal = admit_admin(ctx.request, ctx.config))
            return std::move(*refusal);
    return run(ctx, services, std::move(match));
}

// The answer to a request whose namespace exists; journaling and publishing are the caller's.
// `graph_request`: whether the journal records it (a Graph path, or one that is no route of any
// table).
Response route_to_handler(Context& ctx, Services& services, const RequestTarget& target,
                          bool& graph_request) {
    if (target.plane == RequestTarget::Plane::identity) {
        auto match = find(ctx, identity_routes(), target.path);
        if (match.kind != RouteMatch::Kind::not_found)
            return run(ctx, services, std::move(match));
    }
    graph_request = target.plane == RequestTarget::Plane::graph ||
                    target.plane == RequestTarget::Plane::identity;
    if (target.refusal)
        return graph_error(target.refusal->status, target.refusal->code, target.refusal->message);
    if (needs_json_body(ctx.request) && !is_json_media_type(ctx.request.content_type))
        return graph_error(415, "UnsupportedMediaType",
                           "The request body must be sent as Content-Type: application/json.");
    switch (target.plane) {
    case RequestTarget::Plane::namespace_:
        return run_control(ctx, services, find(ctx, namespace_routes(), ""));
    case RequestTarget::Plane::control:
        return run_control(ctx, services, find(ctx, control_routes(), target.path));
    case RequestTarget::Plane::graph:
    case RequestTarget::Plane::identity:
        break;
    }
    auto caller = authenticate(ctx.request, ctx.config, services.signer);
    if (auto* refusal = std::get_if<Response>(&caller))
        return std::move(*refusal);
    ctx.caller = std::move(std::get<Caller>(caller));
    auto match = find(ctx, graph_routes(), target.path);
    if (match.kind == RouteMatch::Kind::not_found)
        return not_found(target.path);
    return selected(ctx, run(ctx, services, std::move(match), Calls::owned));
}

// What a request to a namespace that does not exist yet may do about it.
struct NewNamespace {
    enum class Kind {
        make,   // it passed its plane's guard: make the namespace
        borrow, // an open route: answered from the default namespace, which makes none
        refuse, // answered with `refusal`, which the default namespace journals
    };
    Kind kind = Kind::make;
    std::optional<Response> refusal;
};

// A namespace is made only for a request that passed its plane's guard: a Graph request its
// token (--auth), a control-plane request the admin token. Else requests anyone may send, refused
// or not, could fill the namespace table (--max-namespaces) and lock everyone else out of new
// namespaces. The control plane's open routes (health, the keys, the CA, the inspector's page)
// hold nothing of a namespace's: without the admin token they are answered as the identity
// platform's routes are, from the default namespace.
NewNamespace admission_to_new_namespace(const Request& request, const RequestTarget& target,
                                        const AppConfig& config, const auth::TokenSigner& signer) {
    switch (target.plane) {
    case RequestTarget::Plane::graph: {
        auto caller = authenticate(request, config, signer);
        if (auto* refusal = std::get_if<Response>(&caller))
            return {NewNamespace::Kind::refuse, std::move(*refusal)};
        return {};
    }
    case RequestTarget::Plane::control: {
        auto refusal = admit_admin(request, config);
        if (!refusal)
            return {};
        const auto match = match_route(control_routes(), request.method, target.path);
        if (match.kind == RouteMatch::Kind::found && (match.route->flags & Route::open))
            return {NewNamespace::Kind::borrow, std::nullopt};
        return {NewNamespace::Kind::refuse, std::move(refusal)};
    }
    case RequestTarget::Plane::namespace_:
    case RequestTarget::Plane::identity:
        break;
    }
    return {NewNamespace::Kind::borrow, std::nullopt};
}

// Step 1's result: the namespace a request is answered (and journaled) in, and the answer it
// gets without being dispatched, if any.
struct Placement {
    NamespaceLease named;            // held for the length of the request; empty: the default
    Workspace* workspace = nullptr;  // `named`, or the default namespace
    std::optional<Response> refusal; // the namespace cannot be made, or the guard refused
};

// Step 1. A named namespace is made on first use, but not for a target that cannot be routed,
// nor for a request to the namespace itself (DELETE /_ns/{name}), nor for one its plane's guard
// refuses. What has no namespace of its own is journaled in the default one.
Placement resolve_namespace(Namespaces& namespaces, const AppConfig& config,
                            const auth::TokenSigner& signer, const Request& request,
                            const RequestTarget& target) {
    Placement out;
    NewNamespace admission;
    if (!target.namespace_name.empty()) {
        out.named = namespaces.find(target.namespace_name);
        if (!out.named && !target.refusal && target.plane != RequestTarget::Plane::namespace_) {
            admission = admission_to_new_namespace(request, target, config, signer);
            if (admission.kind == NewNamespace::Kind::make)
                out.named = namespaces.find_or_create(target.namespace_name);
        }
    }
    out.workspace = out.named ? &*out.named : &namespaces.default_namespace();
    if (admission.refusal)
        out.refusal = std::move(admission.refusal);
    else if (!target.namespace_name.empty() && !out.named && !target.refusal &&
             admission.kind != NewNamespace::Kind::borrow)
        out.refusal = target.plane == RequestTarget::Plane::namespace_
                          ? graph_error(404, "itemNotFound",
                                        "Namespace '" + std::string(target.namespace_name) +
                                            "' does not exist.")
                          : graph_error(429, "TooManyRequests",
                                        "The maximum number of namespaces (" +
                                            std::to_string(config.max_namespaces) +
                                            ") is in use; DELETE /_ns/{name} frees one.");
    return out;
}

// Step 2. Graph requests meet the namespace's fault rules first; a rule that answers with an
// error answers instead of the API, which then changes nothing.
std::optional<RequestFault> pre_empt(FaultRules& faults, const Request& request,
                                     const RequestTarget& target, std::string_view path_call) {
    if (target.plane != RequestTarget::Plane::graph || target.refusal || faults.empty())
        return std::nullopt;
    return faults.on_request(request.method, path_in_namespace(request.target), path_call);
}

// The 500 an exception becomes: the exception barrier of every step that runs a handler.
Response internal_error(const Request& request, const std::string& request_id) {
    try {
        throw;
    } catch (const std::exception& e) {
        log_error("internal error on " + std::string(request.target) + ": " + e.what(), request_id);
    } catch (...) {
        log_error("internal error on " + std::string(request.target), request_id);
    }
    return graph_error(500, "9999", "Unknown internal server error.");
}

// Step 3's result: the answer, and what the request did to get there.
struct Dispatched {
    Response response{};
    // What the engine did, including before a handler threw: it stands.
    state::Effects outbox{};
    bool graph_request = false; // the journal records it (Graph's plane, or no route at all)
    const Route* route = nullptr;
};

// Step 5's input besides what was published: the calls a fault rule caught, as data. They end
// after their setup time instead of coming up (TimersToStart::calls_to_end).
struct CallsToFail {
    std::vector<std::string> ids{};
    CallFailure failure{};
    std::chrono::milliseconds usual_setup{0};
};

// Step 3. Runs the request: the fault rule's answer, or its handler's. An exception becomes a
// 500 here; what the engine did up to it stands.
Dispatched dispatch(Context& ctx, Services& services, const RequestTarget& target,
                    const std::optional<RequestFault>& fault, const std::string& request_id) {
    Dispatched out;
    try {
        if (fault && fault->respond) {
            out.response = fault_response(*fault->respond);
            out.graph_request = true;
            services.route = find(ctx, graph_routes(), target.path).route;
        } else {
            out.response = route_to_handler(ctx, services, target, out.graph_request);
        }
    } catch (...) {
        out.response = internal_error(ctx.request, request_id);
    }
    out.outbox = std::move(ctx.outbox);
    out.route = services.route;
    return out;
}

// Step 3's sequel for a request a fault rule acted on: what the rule does to what dispatch left
// (operations that never complete, the connection's fate) besides answering, counted and logged.
// Returns the calls it keeps from coming up.
CallsToFail apply_fault(const RequestFault& fault, Dispatched& done, Metrics& metrics,
                        const Request& request, const std::string& request_id,
                        std::string_view namespace_name, std::chrono::milliseconds usual_setup) {
    log_info("fault rule " + fault.rule + " acted on " + std::string(to_string(request.method)) +
                 " " + std::string(path_in_namespace(request.target)) +
                 (namespace_name.empty() ? std::string()
                                         : " in namespace " + std::string(namespace_name)),
             request_id);
    count_effects(metrics, fault);
    if (auto* now = std::get_if<Answer>(&done.response.mode)) // one answered later or streamed
        now->disruption = fault.connection;                   // has no connection to disrupt
    CallsToFail calls{.ids = apply_to_effects(fault, done.outbox), .usual_setup = usual_setup};
    if (fault.call)
        calls.failure = *fault.call;
    return calls;
}

// What the journal keeps of a Graph request and its answer (`refused`: before a handler ran).
RequestRecord record_of(const Request& request, const std::string& request_id,
                        const Response& response, std::string call_id,
                        std::chrono::microseconds latency, bool refused) {
    RequestRecord r;
    r.method = request.method;
    r.path =
        refused ? truncated(request.target, refused_target_limit) : std::string(request.target);
    r.status = response.status;
    r.request_id = request_id;
    r.body = truncated(request.body, refused ? refused_excerpt_limit : journal_body_limit);
    r.latency = latency;
    r.call_id = std::move(call_id);
    const auto header_limit = refused ? refused_excerpt_limit : journal_body_limit;
    r.host = truncated(request.host, header_limit);
    r.secure = request.secure;
    r.body_size = request.body.size();
    r.content_type = truncated(request.content_type, header_limit);
    r.client_request_id = truncated(request.client_request_id, header_limit);
    r.response_headers = response.headers;
    r.response_body = truncated(response.body, header_limit);
    r.response_content_type = std::string(response.content_type);
    r.error = response.error;
    if (refused && r.error) // a 404's message names the segment: as long as the target
        r.error->message = truncated(r.error->message, refused_target_limit);
    return r;
}

// Step 4. Journals the request (every Graph request, once, refused or not) and the events it
// caused in one append, and returns what waits until the answer is written: the notifications
// and the namespace's timers.
Aftermath journal(Workspace& workspace, const Serial::Turn& turn, const Request& request,
                  const std::string& request_id, Dispatched& done,
                  const std::optional<RequestFault>& fault, std::string_view path_call,
                  std::chrono::microseconds latency) noexcept {
    std::optional<RequestRecord> record;
    if (done.graph_request) {
        try {
            record = record_of(request, request_id, done.response, call_of(path_call, done.outbox),
                               latency,
                               /*refused=*/!done.route && !fault);
            if (fault)
                record->fault = fault->rule;
        } catch (...) {
            log_error("cannot journal a request: out of memory", request_id);
        }
    }
    // What --data-dir saves next (reads change nothing; what they cause shows in the outbox).
    if (request.method != Method::get && request.method != Method::head)
        workspace.mark_changed();
    return workspace.publish(turn, std::move(done.outbox), std::move(record));
}

// Step 5. The request's aftermath as the network layer delivers it: the published
// notifications, then the namespace's timers, then the ends of the calls a fault caught, all as
// data (TimersToStart), started only once the answer is written, as the namespace's own are.
Aftermath aftermath(Aftermath published, CallsToFail calls, Workspace& workspace) {
    if (calls.ids.empty())
        return published;
    if (!published.timers)
        published.timers =
            std::make_shared<TimersToStart>(TimersToStart{.workspace = workspace.weak_from_this()});
    published.timers->calls_to_end = {.ids = std::move(calls.ids),
                                      .after =
                                          calls.failure.establishing.value_or(calls.usual_setup),
                                      .result_info = std::move(calls.failure.result_info)};
    return published;
}

// Adds what every answer carries: request-id, client-request-id, Date and, for an error, Graph's
// body (innerError with the same ids and date).
void finish(Response& response, const std::string& request_id, std::string_view client_request_id) {
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
        // An error may say more than Graph's envelope does (a wait's near misses): its own
        // members go beside "error".
        if (response.error->members)
            for (const auto& [key, value] : *response.error->members)
                if (key != "error")
                    body[key] = value;
        response.body = json::serialize(body);
    }
}

// Sends the notifications, then starts the timers (Application::deliver).
void deliver_to(NotificationSink* notifier, Aftermath aftermath) noexcept {
    if (notifier)
        for (auto& n : aftermath.notifications) {
            try {
                notifier->send(std::move(n));
            } catch (const std::exception& e) {
                log_error(std::string("cannot queue a notification: ") + e.what());
            }
        }
    if (aftermath.timers) {
        try {
            if (auto workspace = aftermath.timers->workspace.lock())
                workspace->start(std::move(*aftermath.timers));
        } catch (const std::exception& e) {
            log_error(std::string("cannot start a timer: ") + e.what());
        }
    }
}

// Every so often, deletes the namespaces idle for longer than --namespace-idle-ms. The sweep
// holds the registry weakly: once the application is gone, it stops.
void schedule_idle_sweep(Scheduler& scheduler, std::weak_ptr<Namespaces> registry,
                         std::chrono::milliseconds idle) {
    if (idle.count() <= 0)
        return;
    // Often enough that a namespace goes at most half its idle time late, at most once a minute.
    const auto every =
        std::clamp(idle / 2, std::chrono::milliseconds(10), std::chrono::milliseconds(60000));
    scheduler.after(
        every,
        [&scheduler, registry = std::move(registry), idle] {
            auto namespaces = registry.lock();
            if (!namespaces)
                return;
            try {
                for (const auto& name : namespaces->expire_idle(idle))
                    log_info("namespace '" + name + "' deleted after " +
                             std::to_string(idle.count()) + " ms without a request");
            } catch (const std::exception& e) {
                log_error(std::string("cannot expire idle namespaces: ") + e.what());
            }
            schedule_idle_sweep(scheduler, registry, idle);
        },
        Scheduler::no_group);
}

} // namespace

std::shared_ptr<Later> Services::make_later() const {
    auto later = std::make_shared<Later>();
    later->set_finisher([metrics = metrics, request_id = std::string(stamp.request_id),
                         client = std::string(stamp.client_request_id),
                         scenario = std::string(stamp.scenario_id), slot = route_slot(route),
                         method = stamp.method, started = stamp.started](Response& response) {
        finish(response, request_id, client);
        response.standard.scenario_id = scenario;
        metrics->count_request(slot, method, response.status,
                               std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now() - started));
    });
    return later;
}

Application::Application(AppConfig config, Scheduler& scheduler, NotificationSink* notifier,
                         const auth::TokenSigner& signer)
    : config_(std::move(config)), signer_(signer), scheduler_(scheduler), notifier_(notifier),
      metrics_(std::make_shared<Metrics>(route_slots())),
      namespaces_(std::make_shared<Namespaces>(config_, scheduler, notifier, *metrics_)) {
    schedule_idle_sweep(scheduler_, namespaces_, config_.namespace_idle);
}

Application::~Application() = default;

Response Application::delayed(Response response, std::chrono::milliseconds delay,
                              std::shared_ptr<NamespaceLease> lease) {
    auto later = std::make_shared<Later>();
    auto held = std::make_shared<Response>(std::move(response));
    scheduler_.after(
        delay,
        [notifier = notifier_, later, held, lease = std::move(lease)] {
            // The client gone, what the request did still goes out.
            if (!later->answer(std::move(*held)))
                deliver_to(notifier, std::move(held->aftermath));
            if (lease)
                lease->release(); // its idle time starts when the answer goes, not the request
        },
        Scheduler::no_group);
    Response out;
    out.mode = Deferred{std::move(later)};
    return out;
}

Response Application::answer(const Request& request, const std::string& request_id,
                             Handled& handled) {
    const auto started = std::chrono::steady_clock::now();
    const RequestTarget target = parse_target(request.target);
    Placement place = resolve_namespace(*namespaces_, config_, signer_, request, target);
    Workspace& workspace = *place.workspace;
    const auto path_call = target.plane == RequestTarget::Plane::graph && !target.refusal
                               ? call_in(target.path)
                               : std::string_view{};
    // Steps 2 to 4 in the namespace's turn: the request's transaction (serial.hpp).
    return workspace.now([&](const Serial::Turn& turn) {
        std::optional<RequestFault> fault;
        Dispatched done{.graph_request = target.plane == RequestTarget::Plane::graph};
        if (place.refusal) {
            done.response = std::move(*place.refusal);
        } else {
            try {
                Context ctx{.request = request,
                            .config = config_,
                            .engine = workspace.engine(turn),
                            .query = target.query,
                            .version = target.version,
                            .base_url = base_url_of(config_, request, target.namespace_name)};
                Services services{.workspace = workspace,
                                  .turn = turn,
                                  .namespaces = *namespaces_,
                                  .signer = signer_,
                                  .metrics = metrics_,
                                  .scheduler = scheduler_,
                                  .namespace_name = target.namespace_name,
                                  .stamp = {.request_id = request_id,
                                            .method = request.method,
                                            .client_request_id = request.client_request_id,
                                            .scenario_id = request.scenario_id,
                                            .started = started}};
                fault = pre_empt(workspace.faults(turn), request, target, path_call);
                done = dispatch(ctx, services, target, fault, request_id);
            } catch (...) {
                done.response = internal_error(request, request_id);
            }
        }
        handled.route_slot = route_slot(done.route);
        CallsToFail calls;
        if (fault) {
            calls = apply_fault(*fault, done, *metrics_, request, request_id, target.namespace_name,
                                config_.engine.call_setup);
            handled.delay = fault->delay;
            if (handled.delay.count() > 0 && place.named)
                handled.hold = std::make_shared<NamespaceLease>(place.named->lease());
        }
        const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - started + handled.delay);
        auto published =
            journal(workspace, turn, request, request_id, done, fault, path_call, latency);
        done.response.aftermath = aftermath(std::move(published), std::move(calls), workspace);
        return std::move(done.response);
    });
}

void Application::deliver(Aftermath aftermath) noexcept {
    deliver_to(notifier_, std::move(aftermath));
}

Response Application::handle(const Request& request) noexcept {
    const auto started = std::chrono::steady_clock::now();
    Response response;
    try {
        const std::string request_id = state::random_uuid();
        Handled handled;
        response = answer(request, request_id, handled);
        if (std::holds_alternative<Deferred>(response.mode)) {
            // A handler answers later: its Later finishes and counts the answer. What the
            // request did (a wait does nothing) is not held back meanwhile.
            deliver(std::exchange(response.aftermath, {}));
            return response;
        }
        finish(response, request_id, request.client_request_id);
        response.standard.scenario_id = request.scenario_id;
        metrics_->count_request(handled.route_slot, request.method, response.status,
                                std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - started + handled.delay));
        if (handled.delay.count() > 0)
            return delayed(std::move(response), handled.delay, std::move(handled.hold));
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

bool loads_fixture(Method method, std::string_view target) {
    if (method != Method::put)
        return false;
    const RequestTarget parsed = parse_target(target);
    if (parsed.refusal || parsed.plane != RequestTarget::Plane::control)
        return false;
    const auto match = match_route(control_routes(), method, parsed.path, false);
    return match.kind == RouteMatch::Kind::found && match.route->pattern == "fixtures";
}

std::string Application::summary() const {
    return metrics_->summary(route_template);
}

} // namespace gcm::app
