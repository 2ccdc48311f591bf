// The route tables' rows: which handler answers which method and path, with the permissions
// each Graph page lists. Apart from router.cpp, which matches over them, so that the router does
// not include the handlers it routes to (a handler may ask the router, e.g. for route names).
#include "handlers/handlers.hpp"
#include "router.hpp"

namespace gcm::app {
namespace {

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

const RouteRows& route_rows() {
    static const RouteRows rows{graph_table, control_table, namespace_table, identity_table};
    return rows;
}

} // namespace gcm::app
