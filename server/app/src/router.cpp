// Route matching and the route tables: the Graph API, the control plane, and a namespace itself.
#include "router.hpp"

#include "gcm/state/ascii.hpp"
#include "handlers/handlers.hpp"

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

using namespace handlers;

// The v1.0 calls API, in the order of its reference pages' table of contents, with the
// application permissions each page lists. A `$count` route comes before the item route whose
// `{id}` would otherwise take "$count" for an id.
using namespace permission;
constexpr auto action = Route::action;
constexpr auto beta_action = Route::action | Route::beta_only;
constexpr Permissions create_call_roles =
    initiate | initiate_group | join_group | join_group_as_guest;
constexpr Permissions call_roles = initiate | access_media;
constexpr Permissions group_roles = join_group | join_group_as_guest;
constexpr Permissions routing_roles = join_group | initiate_group;

constexpr Route graph_table[] = {
    {Method::post, "calls", create_call, create_call_roles},
    {Method::post, "calls/logTeleconferenceDeviceQuality", log_teleconference_device_quality,
     access_media, action},
    {Method::get, "calls/{callId}", get_call, call_roles},
    {Method::delete_, "calls/{callId}", hang_up, call_roles},
    {Method::post, "calls/{callId}/answer", answer, group_roles, action},
    {Method::post, "calls/{callId}/reject", reject, none, action},
    {Method::post, "calls/{callId}/redirect", redirect, initiate, action},
    {Method::post, "calls/{callId}/transfer", transfer, initiate, action},
    {Method::post, "calls/{callId}/keepAlive", keep_alive, call_roles, action},
    {Method::post, "calls/{callId}/mute", mute_self, call_roles, action},
    {Method::post, "calls/{callId}/unmute", unmute_self, call_roles, action},
    {Method::post, "calls/{callId}/playPrompt", play_prompt, call_roles, action},
    {Method::post, "calls/{callId}/recordResponse", record_response, access_media, action},
    {Method::post, "calls/{callId}/cancelMediaProcessing", cancel_media_processing, call_roles,
     action},
    {Method::post, "calls/{callId}/subscribeToTone", subscribe_to_tone, access_media, action},
    {Method::post, "calls/{callId}/sendDtmfTones", send_dtmf_tones, access_media, action},
    {Method::post, "calls/{callId}/updateRecordingStatus", update_recording_status,
     access_media | join_group, action},
    {Method::post, "calls/{callId}/changeScreenSharingRole", change_screen_sharing_role,
     access_media, action},
    {Method::post, "calls/{callId}/addLargeGalleryView", add_large_gallery_view,
     join_group_as_guest | join_group | initiate_group, action},
    {Method::get, "calls/{callId}/participants", list_participants, call_roles},
    {Method::get, "calls/{callId}/participants/$count", count_participants, call_roles},
    {Method::post, "calls/{callId}/participants/invite", invite_participants, initiate_group,
     action},
    {Method::post, "calls/{callId}/participants/muteAll", mute_all, group_roles, beta_action},
    {Method::post, "calls/{callId}/participants/configureMixer", configure_mixer, group_roles,
     beta_action},
    {Method::get, "calls/{callId}/participants/{participantId}", get_participant, group_roles},
    {Method::delete_, "calls/{callId}/participants/{participantId}", delete_participant,
     group_roles},
    {Method::post, "calls/{callId}/participants/{participantId}/mute", mute_participant,
     group_roles, action},
    {Method::post, "calls/{callId}/participants/{participantId}/startHoldMusic", start_hold_music,
     group_roles, action},
    {Method::post, "calls/{callId}/participants/{participantId}/stopHoldMusic", stop_hold_music,
     group_roles, action},
    {Method::get, "calls/{callId}/operations", list_operations, call_roles},
    {Method::get, "calls/{callId}/operations/$count", count_operations, call_roles},
    {Method::get, "calls/{callId}/operations/{operationId}", get_operation, all},
    {Method::get, "calls/{callId}/audioRoutingGroups", list_audio_routing_groups, routing_roles},
    {Method::get, "calls/{callId}/audioRoutingGroups/$count", count_audio_routing_groups,
     routing_roles},
    {Method::post, "calls/{callId}/audioRoutingGroups", create_audio_routing_group, routing_roles},
    {Method::get, "calls/{callId}/audioRoutingGroups/{groupId}", get_audio_routing_group,
     routing_roles},
    {Method::patch, "calls/{callId}/audioRoutingGroups/{groupId}", update_audio_routing_group,
     routing_roles},
    {Method::delete_, "calls/{callId}/audioRoutingGroups/{groupId}", delete_audio_routing_group,
     routing_roles},
    {Method::get, "calls/{callId}/contentSharingSessions", list_content_sharing_sessions, all},
    {Method::get, "calls/{callId}/contentSharingSessions/$count", count_content_sharing_sessions,
     all},
    {Method::get, "calls/{callId}/contentSharingSessions/{sessionId}", get_content_sharing_session,
     all},
};

constexpr auto open = Route::open;

constexpr Route control_table[] = {
    {Method::get, "health", health, none, open},
    {Method::post, "reset", reset},
    {Method::get, "journal", get_journal},
    {Method::delete_, "journal", clear_journal},
    {Method::get, "journal.jsonl", get_journal_lines},
    {Method::get, "journal.har", get_journal_har},
    {Method::get, "requests", list_requests},
    {Method::post, "wait", wait},
    {Method::get, "events", events},
    {Method::get, "ui", inspector_page, none, open},
    {Method::get, "ui/{file}", inspector_asset, none, open},
    {Method::get, "faults", list_faults},
    {Method::post, "faults", add_fault},
    {Method::delete_, "faults", clear_faults},
    {Method::delete_, "faults/{faultId}", delete_fault},
    {Method::get, "metrics", metrics},
    {Method::get, "openapi.json", openapi},
    {Method::get, "calls", export_calls},
    {Method::get, "calls/{callId}", export_call},
    {Method::put, "fixtures", put_fixtures},
    {Method::get, ".well-known/openid-configuration", openid_configuration, none, open},
    {Method::get, "keys", signing_keys, none, open},
    {Method::get, "namespaces", list_namespaces},
    {Method::get, "ca.pem", ca_certificate, none, open},
    {Method::post, "tokens", mint_token},
    {Method::post, "calls/incoming", simulate_incoming_call},
    {Method::post, "calls/{callId}/invitations/{participantId}/answer", invitee_answers},
    {Method::post, "calls/{callId}/invitations/{participantId}/decline", invitee_declines},
    {Method::post, "calls/{callId}/participants", participant_joins},
    {Method::delete_, "calls/{callId}/participants/{participantId}", participant_leaves},
    {Method::post, "calls/{callId}/tones", press_tones},
    {Method::post, "calls/{callId}/hangUp", remote_hang_up},
    {Method::post, "calls/{callId}/operations/{operationId}/fail", fail_operation},
    {Method::post, "calls/{callId}/contentSharingSessions", content_sharing_starts},
    {Method::patch, "calls/{callId}/contentSharingSessions/{sessionId}", content_sharing_changes},
    {Method::delete_, "calls/{callId}/contentSharingSessions/{sessionId}", content_sharing_stops},
};

constexpr Route namespace_table[] = {
    {Method::delete_, "", delete_namespace},
};

// The identity platform's endpoints an MSAL client asks for when its authority is this server.
constexpr Route identity_table[] = {
    {Method::post, "{tenant}/oauth2/v2.0/token", token},
    {Method::get, "{tenant}/v2.0/.well-known/openid-configuration", tenant_openid_configuration},
    {Method::get, "{tenant}/.well-known/openid-configuration", tenant_openid_configuration},
    {Method::get, "{tenant}/discovery/v2.0/keys", signing_keys},
    {Method::get, "common/discovery/instance", instance_discovery},
};

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
constexpr Plane planes[] = {
    {graph_table, "/communications/"},
    {control_table, "/_mock/"},
    {namespace_table, "/_ns/{name}"},
    {identity_table, "/"},
};

} // namespace

std::size_t route_slots() {
    std::size_t n = 1;
    for (const auto& plane : planes)
        n += plane.routes.size();
    return n;
}

std::size_t route_slot(const Route* route) {
    std::size_t offset = 0;
    for (const auto& plane : planes) {
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
    for (const auto& plane : planes) {
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
    static const RouteTable table(graph_table);
    return table;
}
const RouteTable& control_routes() {
    static const RouteTable table(control_table);
    return table;
}
const RouteTable& namespace_routes() {
    static const RouteTable table(namespace_table);
    return table;
}
const RouteTable& identity_routes() {
    static const RouteTable table(identity_table);
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