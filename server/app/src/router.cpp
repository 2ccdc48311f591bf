// Route matching over the route tables (their rows are in route_tables.cpp, beside the handlers).
#include "router.hpp"

#include "gcm/state/ascii.hpp"

#include <array>
#include <functional>
#include <vector>

namespace gcm::app {
namespace {

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
using Segments = std::array<std::string_view, max_segments>;

struct SplitPattern {
    Segments segments{};
    std::size_t count = 0;
};

constexpr std::string_view qualifier = "microsoft.graph.";

// A literal segment as sent: itself, or for an action "microsoft.graph." + itself.
bool segment_matches(std::string_view want, std::string_view got, bool may_be_qualified) {
    if (may_be_qualified && state::istarts_with(got, qualifier))
        got.remove_prefix(qualifier.size());
    return state::iequals(want, got);
}

// Captures the matched segments as views; the caller copies them only for the route it takes.
bool path_matches(const SplitPattern& want, bool action, const Segments& got, std::size_t count,
                  std::array<std::string_view, 3>& params) {
    if (want.count != count)
        return false;
    // Literal segments first, from the end: the last one tells most routes apart.
    for (std::size_t i = count; i-- > 0;)
        if (want.segments[i].front() != '{' &&
            !segment_matches(want.segments[i], got[i], action && i + 1 == count))
            return false;
    std::size_t captured = 0;
    for (std::size_t i = 0; i < count && captured < params.size(); ++i)
        if (want.segments[i].front() == '{')
            params[captured++] = got[i];
    return true;
}

} // namespace

// A table's routes with their patterns split once, and which of them have each number of
// segments (in table order): a path is compared only with the routes it could match.
class RouteTable {
public:
    explicit RouteTable(std::span<const Route> routes) : routes_(routes) {
        patterns_.resize(routes.size());
        for (std::size_t i = 0; i < routes.size(); ++i) {
            split(routes[i].pattern, patterns_[i].segments, patterns_[i].count);
            by_count_[patterns_[i].count].push_back(i);
        }
    }

    const Route& route(std::size_t i) const { return routes_[i]; }
    std::span<const Route> routes() const { return routes_; }
    const SplitPattern& pattern(std::size_t i) const { return patterns_[i]; }
    const std::vector<std::size_t>& with_segments(std::size_t count) const {
        return by_count_[count];
    }

private:
    std::span<const Route> routes_;
    std::vector<SplitPattern> patterns_;
    std::array<std::vector<std::size_t>, max_segments + 1> by_count_;
};

namespace {

struct Plane {
    std::span<const Route> routes;
    std::string_view prefix; // of route_template()
};
const std::array<Plane, 4>& planes() {
    static const std::array<Plane, 4> all{{
        {route_rows().graph, "/communications/"},
        {route_rows().control, "/_mock/"},
        {route_rows().namespace_itself, "/_ns/{name}"},
        {route_rows().identity, "/"},
    }};
    return all;
}

} // namespace

std::size_t route_slots() {
    std::size_t n = 1;
    for (const auto& plane : planes())
        n += plane.routes.size();
    return n;
}

std::size_t route_slot(const Route* route) {
    std::size_t offset = 0;
    for (const auto& plane : planes()) {
        // std::less: a total order even across the tables, where < promises none.
        const std::less<const Route*> before;
        if (route && !before(route, plane.routes.data()) &&
            before(route, plane.routes.data() + plane.routes.size()))
            return offset + std::size_t(route - plane.routes.data());
        offset += plane.routes.size();
    }
    return offset;
}

std::string route_template(std::size_t slot) {
    for (const auto& plane : planes()) {
        if (slot < plane.routes.size())
            return std::string(plane.prefix) + std::string(plane.routes[slot].pattern);
        slot -= plane.routes.size();
    }
    return "(no route)";
}

std::span<const Route> routes_of(const RouteTable& table) {
    return table.routes();
}

const RouteTable& graph_routes() {
    static const RouteTable table(route_rows().graph);
    return table;
}
const RouteTable& control_routes() {
    static const RouteTable table(route_rows().control);
    return table;
}
const RouteTable& namespace_routes() {
    static const RouteTable table(route_rows().namespace_itself);
    return table;
}
const RouteTable& identity_routes() {
    static const RouteTable table(route_rows().identity);
    return table;
}

RouteMatch match_route(const RouteTable& table, Method method, std::string_view path, bool beta) {
    RouteMatch result;
    Segments got;
    std::size_t count = 0;
    if (!split(path, got, count))
        return result;
    for (std::size_t i : table.with_segments(count)) {
        const auto& route = table.route(i);
        if ((route.flags & Route::beta_only) && !beta)
            continue;
        std::array<std::string_view, 3> params{};
        if (!path_matches(table.pattern(i), route.flags & Route::action, got, count, params))
            continue;
        // HEAD is GET without the body (RFC 9110 §9.3.2); the writer leaves the body out.
        if (route.method == method || (method == Method::head && route.method == Method::get)) {
            result.kind = RouteMatch::Kind::found;
            result.route = &route;
            for (std::size_t p = 0; p < params.size(); ++p)
                result.params[p] = std::string(params[p]);
            return result;
        }
        result.kind = RouteMatch::Kind::method_not_allowed;
        if (!result.allow.empty())
            result.allow += ", ";
        result.allow += to_string(route.method);
        if (route.method == Method::get)
            result.allow += ", HEAD";
    }
    return result;
}

} // namespace gcm::app