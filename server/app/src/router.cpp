// Route matching and the two route tables: the Graph API and the control plane.
#include "router.hpp"

#include "handlers/handlers.hpp"

#include <array>

namespace gcm::app {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

// Splits on '/', at most N segments; returns false when there are more or one is empty.
template <std::size_t N>
bool split(std::string_view path, std::array<std::string_view, N>& out, std::size_t& count) {
    count = 0;
    while (!path.empty()) {
        auto slash = path.find('/');
        auto segment = path.substr(0, slash);
        if (segment.empty() || count == N)
            return false;
        out[count++] = segment;
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
        if (path.empty())
            return false; // trailing slash
    }
    return true;
}

constexpr std::size_t max_segments = 8;

bool path_matches(std::string_view pattern, const std::array<std::string_view, max_segments>& got,
                  std::size_t count, std::array<std::string, 3>& params) {
    std::array<std::string_view, max_segments> want;
    std::size_t want_count = 0;
    if (!split(pattern, want, want_count) || want_count != count)
        return false;
    std::size_t captured = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (want[i].front() == '{') {
            if (captured < params.size())
                params[captured++] = std::string(got[i]);
        } else if (!iequals(want[i], got[i])) {
            return false;
        }
    }
    return true;
}

constexpr Route graph_table[] = {
    {Method::get, "calls/{callId}", handlers::get_call},
    {Method::get, "calls/{callId}/participants", handlers::list_participants},
    {Method::post, "calls/{callId}/participants/invite", handlers::invite_participants},
    {Method::get, "calls/{callId}/participants/{participantId}", handlers::get_participant},
    {Method::delete_, "calls/{callId}/participants/{participantId}", handlers::delete_participant},
    {Method::post, "calls/{callId}/participants/{participantId}/mute", handlers::mute_participant},
    {Method::post, "calls/{callId}/participants/{participantId}/startHoldMusic",
     handlers::start_hold_music},
    {Method::post, "calls/{callId}/participants/{participantId}/stopHoldMusic",
     handlers::stop_hold_music},
    {Method::get, "calls/{callId}/operations", handlers::list_operations},
    {Method::get, "calls/{callId}/operations/{operationId}", handlers::get_operation},
};

constexpr Route control_table[] = {
    {Method::get, "health", handlers::health},
    {Method::post, "reset", handlers::reset},
    {Method::get, "journal", handlers::get_journal},
    {Method::delete_, "journal", handlers::clear_journal},
    {Method::get, "calls", handlers::export_calls},
    {Method::get, "calls/{callId}", handlers::export_call},
    {Method::put, "fixtures", handlers::put_fixtures},
};

} // namespace

std::span<const Route> graph_routes() {
    return graph_table;
}
std::span<const Route> control_routes() {
    return control_table;
}

RouteMatch match_route(std::span<const Route> table, Method method, std::string_view path) {
    RouteMatch result;
    std::array<std::string_view, max_segments> got;
    std::size_t count = 0;
    if (!split(path, got, count) || count == 0)
        return result;
    for (const auto& route : table) {
        std::array<std::string, 3> params{};
        if (!path_matches(route.pattern, got, count, params))
            continue;
        if (route.method == method) {
            result.kind = RouteMatch::Kind::found;
            result.route = &route;
            result.params = std::move(params);
            return result;
        }
        result.kind = RouteMatch::Kind::method_not_allowed;
        if (!result.allow.empty())
            result.allow += ", ";
        result.allow += to_string(route.method);
    }
    return result;
}

} // namespace gcm::app
