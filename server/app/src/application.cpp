// Application::handle: namespace and version prefixes, authentication, routing, the exception
// barrier, and the headers every response carries (product.md §7).
#include "gcm/app/application.hpp"

#include "context.hpp"
#include "gcm/app/log.hpp"
#include "gcm/state/ids.hpp"
#include "gcm/wire/text.hpp"
#include "responses.hpp"
#include "router.hpp"
#include "workspace.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <ctime>

namespace json = boost::json;

namespace gcm::app {
namespace {

constexpr std::size_t journal_body_limit = 16 * 1024;

const std::string& diagnostic_header() {
    static const std::string value = json::serialize(
        json::object{{"ServerInfo", json::object{{"DataCenter", "Local"},
                                                 {"Slice", "E"},
                                                 {"Ring", "0"},
                                                 {"ScaleUnit", "000"},
                                                 {"RoleInstance", "graph-comms-mock"}}}});
    return value;
}

// "Sun, 22 Nov 2026 14:20:00 GMT" for Date, "2026-11-22T14:20:00" for innerError.date; both
// change once a second, so each thread formats them once a second.
struct Clock {
    std::time_t second = 0;
    char http[40] = {};
    char iso[24] = {};
};

const Clock& now() {
    thread_local Clock clock;
    std::time_t t = std::time(nullptr);
    if (t != clock.second) {
        std::tm tm{};
        gmtime_r(&t, &tm);
        std::strftime(clock.http, sizeof clock.http, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        std::strftime(clock.iso, sizeof clock.iso, "%Y-%m-%dT%H:%M:%S", &tm);
        clock.second = t;
    }
    return clock;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
        if (lower(s[i]) != lower(prefix[i]))
            return false;
    }
    return true;
}

// Takes "segment/" off the front of `path` when it is there.
bool take_segment(std::string_view& path, std::string_view segment) {
    if (!starts_with_icase(path, segment))
        return false;
    auto rest = path.substr(segment.size());
    if (!rest.empty() && rest.front() != '/')
        return false;
    path = rest.empty() ? rest : rest.substr(1);
    return true;
}

std::string_view next_segment(std::string_view& path) {
    auto slash = path.find('/');
    auto segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    return segment;
}

// The Host header goes into Location and @odata.context: only a plausible host[:port] is used.
std::string_view usable_host(std::string_view host) {
    const bool plausible =
        !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
        });
    return plausible ? host : std::string_view{"localhost"};
}

bool has_bearer_token(std::string_view authorization) {
    if (!starts_with_icase(authorization, "Bearer "))
        return false;
    return authorization.find_first_not_of(' ', 7) != std::string_view::npos;
}

bool needs_json_body(const Request& r) {
    return (r.method == Method::post || r.method == Method::put || r.method == Method::patch) &&
           r.body.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

Response route(Context& ctx, std::span<const Route> table, std::string_view path) {
    auto match = match_route(table, ctx.request.method, path, ctx.version == "beta");
    switch (match.kind) {
    case RouteMatch::Kind::found:
        ctx.params = std::move(match.params);
        return match.route->handler(ctx);
    case RouteMatch::Kind::method_not_allowed: {
        auto r = graph_error(405, "MethodNotAllowed",
                             "The HTTP method '" + std::string(to_string(ctx.request.method)) +
                                 "' is not allowed on this resource.");
        r.headers.emplace_back("Allow", std::move(match.allow));
        return r;
    }
    case RouteMatch::Kind::not_found:
        break;
    }
    return graph_error(404, "UnknownUrl",
                       "Resource not found for the segment '" + std::string(path) + "'.");
}

} // namespace

std::span<const std::pair<std::string_view, std::string_view>> constant_headers() {
    static const std::pair<std::string_view, std::string_view> headers[] = {
        {"OData-Version", "4.0"},
        {"x-ms-ags-diagnostic", diagnostic_header()},
    };
    return headers;
}

std::string_view json_content_type() noexcept {
    return "application/json; odata.metadata=minimal; odata.streaming=true; "
           "IEEE754Compatible=false; charset=utf-8";
}

std::string_view to_string(Method m) noexcept {
    switch (m) {
    case Method::get:
        return "GET";
    case Method::post:
        return "POST";
    case Method::put:
        return "PUT";
    case Method::patch:
        return "PATCH";
    case Method::delete_:
        return "DELETE";
    case Method::head:
        return "HEAD";
    case Method::options:
        return "OPTIONS";
    case Method::other:
        break;
    }
    return "OTHER";
}

Application::Application(AppConfig config, Scheduler& scheduler, NotificationSink* notifier,
                         const auth::TokenSigner& signer)
    : config_(std::move(config)), signer_(signer), notifier_(notifier),
      namespaces_(std::make_unique<Namespaces>(config_, scheduler, notifier)) {}

Application::~Application() = default;

Response Application::dispatch(const Request& request, const std::string& request_id) {
    std::string_view target = request.target;
    std::string_view query;
    if (auto q = target.find('?'); q != std::string_view::npos) {
        query = target.substr(q + 1);
        target = target.substr(0, q);
    }
    if (target.empty() || target.front() != '/')
        return graph_error(400, "BadRequest", "The request target must be an absolute path.");
    std::string_view path = target.substr(1);

    Workspace* workspace = &namespaces_->default_namespace();
    std::string_view namespace_name;
    if (take_segment(path, "_ns")) {
        namespace_name = next_segment(path);
        if (namespace_name.empty())
            return graph_error(404, "UnknownUrl", "A namespace name is required after /_ns/.");
        workspace = namespaces_->find_or_create(namespace_name);
        if (!workspace)
            return graph_error(429, "TooManyRequests",
                               "The maximum number of namespaces (" +
                                   std::to_string(config_.max_namespaces) + ") is in use.");
    }

    std::string base = config_.public_url;
    if (base.empty()) {
        base = "http://";
        base += usable_host(request.host);
    }
    if (!namespace_name.empty()) {
        base += "/_ns/";
        base += namespace_name;
    }
    Context ctx{request, config_, *workspace,      signer_, namespace_name,
                query,   {},      std::move(base), {}};

    if (needs_json_body(request) && !starts_with_icase(request.content_type, "application/json"))
        return graph_error(415, "UnsupportedMediaType",
                           "The request body must be sent as Content-Type: application/json.");

    if (take_segment(path, "_mock"))
        return route(ctx, control_routes(), path);

    if (take_segment(path, "v1.0"))
        ctx.version = "v1.0";
    else if (take_segment(path, "beta"))
        ctx.version = "beta";
    else
        return graph_error(404, "UnknownUrl",
                           "Unknown API version in '" + std::string(target) +
                               "': use /v1.0/ or /beta/.");
    // The deprecated /app/calls alias reaches the same resources.
    if (!take_segment(path, "communications") && !starts_with_icase(path, "app/calls"))
        return graph_error(404, "UnknownUrl",
                           "Resource not found for the segment '" + std::string(path) + "'.");
    take_segment(path, "app");

    Response response;
    if (config_.auth == AuthMode::bearer && !has_bearer_token(request.authorization)) {
        response = graph_error(401, "InvalidAuthenticationToken", "Access token is empty.");
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"\"");
    } else {
        response = route(ctx, graph_routes(), path);
    }
    workspace->journal().record(RequestRecord{
        std::string(to_string(request.method)), std::string(request.target), response.status,
        request_id, std::string(request.body.substr(0, journal_body_limit))});
    return response;
}

void Application::finish(Response& response, const std::string& request_id,
                         std::string_view client_request_id) {
    const Clock& clock = now();
    auto& standard = response.standard;
    standard.request_id = request_id;
    standard.client_request_id = client_request_id;
    static_assert(sizeof clock.http > std::tuple_size_v<decltype(standard.date)>);
    std::copy_n(clock.http, standard.date.size(), standard.date.begin());
    if (response.error) {
        json::object body{
            {"error", json::object{{"code", response.error->code},
                                   {"message", wire::valid_utf8(response.error->message)},
                                   {"innerError", json::object{{"date", clock.iso},
                                                               {"request-id", request_id},
                                                               {"client-request-id",
                                                                client_request_id.empty()
                                                                    ? std::string_view(request_id)
                                                                    : client_request_id}}}}}};
        response.body = json::serialize(body);
    }
}

void Application::deliver(std::vector<Notification> notifications) noexcept {
    if (!notifier_)
        return;
    for (auto& n : notifications) {
        try {
            notifier_->send(std::move(n));
        } catch (const std::exception& e) {
            log_error(std::string("cannot queue a notification: ") + e.what());
        }
    }
}

Response Application::handle(const Request& request) noexcept {
    Response response;
    try {
        const std::string request_id = state::random_uuid();
        NotificationBatch batch;
        try {
            response = dispatch(request, request_id);
            response.notifications = batch.take();
        } catch (const std::exception& e) {
            log_error("internal error on " + std::string(request.target) + ": " + e.what());
            response = graph_error(500, "9999", "Unknown internal server error.");
        }
        finish(response, request_id, request.client_request_id);
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
