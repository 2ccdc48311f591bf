// The request handlers: short free functions (parse, call the engine with the request's outbox,
// map the result), one per route of router.cpp's tables. A Graph handler takes the Context only;
// a control-plane handler that needs more of its namespace also takes its Services.
#pragma once

#include "../context.hpp"

namespace gcm::app {
struct Services; // services.hpp: a control-plane handler includes it
}

namespace gcm::app::handlers {

// Graph API: the call's life (call_lifecycle.cpp)
Response create_call(Context& ctx);
Response hang_up(Context& ctx);
Response answer(Context& ctx);
Response reject(Context& ctx);
Response redirect(Context& ctx);
Response transfer(Context& ctx);
Response keep_alive(Context& ctx);
Response log_teleconference_device_quality(Context& ctx);

// Graph API: call-level operations (media.cpp)
Response mute_self(Context& ctx);
Response unmute_self(Context& ctx);
Response play_prompt(Context& ctx);
Response record_response(Context& ctx);
Response cancel_media_processing(Context& ctx);
Response subscribe_to_tone(Context& ctx);
Response send_dtmf_tones(Context& ctx);
Response update_recording_status(Context& ctx);
Response change_screen_sharing_role(Context& ctx);
Response add_large_gallery_view(Context& ctx);

// Graph API: audio routing groups and content sharing sessions (routing_groups.cpp)
Response list_audio_routing_groups(Context& ctx);
Response create_audio_routing_group(Context& ctx);
Response get_audio_routing_group(Context& ctx);
Response update_audio_routing_group(Context& ctx);
Response delete_audio_routing_group(Context& ctx);
Response list_content_sharing_sessions(Context& ctx);
Response count_audio_routing_groups(Context& ctx);     // .../$count: text/plain
Response count_content_sharing_sessions(Context& ctx); // .../$count
Response get_content_sharing_session(Context& ctx);

// Graph API: calls and operations (calls.cpp)
Response get_call(Context& ctx);
Response list_operations(Context& ctx);
Response count_operations(Context& ctx); // .../$count
Response get_operation(Context& ctx);

// Graph API: participants (participants.cpp)
Response list_participants(Context& ctx);
Response count_participants(Context& ctx); // .../$count
Response get_participant(Context& ctx);
Response invite_participants(Context& ctx);
Response delete_participant(Context& ctx);
Response mute_participant(Context& ctx);
Response start_hold_music(Context& ctx);
Response stop_hold_music(Context& ctx);
Response mute_all(Context& ctx);        // beta
Response configure_mixer(Context& ctx); // beta

// Control plane under /_mock (control.cpp)
Response health(Context& ctx, Services& services);
Response reset(Context& ctx, Services& services);
Response get_journal(Context& ctx, Services& services);
Response clear_journal(Context& ctx, Services& services);
Response export_calls(Context& ctx);
Response export_call(Context& ctx);
Response put_fixtures(Context& ctx, Services& services);
Response list_namespaces(Context& ctx, Services& services);
// GET /_mock/ca.pem: the local CA that signs the server's TLS certificate, for clients to trust.
Response ca_certificate(Context& ctx);
// DELETE /_ns/{name}: the namespace is forgotten, its timers and deliveries do nothing.
Response delete_namespace(Context& ctx, Services& services);
// GET /_mock/metrics: Prometheus text; GET /_mock/openapi.json: the control plane described.
Response metrics(Context& ctx, Services& services);
Response openapi(Context& ctx);

// Control plane: verify and wait (verify.cpp)
Response
get_journal_lines(Context& ctx,
                  Services& services); // GET /_mock/journal.jsonl (or journal?format=jsonl)
Response get_journal_har(Context& ctx, Services& services); // GET /_mock/journal.har
Response list_requests(Context& ctx,
                       Services& services);      // GET /_mock/requests?method=&path=&callId=
Response wait(Context& ctx, Services& services); // POST /_mock/wait: answered later

// Control plane: watching live (inspector.cpp)
Response events(Context& ctx,
                Services& services);    // GET /_mock/events: the journal as Server-Sent Events
Response inspector_page(Context& ctx);  // GET /_mock/ui
Response inspector_asset(Context& ctx); // GET /_mock/ui/{file}

// Control plane: fault rules (faults.cpp)
Response list_faults(Context& ctx, Services& services);
Response add_fault(Context& ctx, Services& services);
Response clear_faults(Context& ctx, Services& services);
Response delete_fault(Context& ctx, Services& services);

// Control plane: simulated people and the notification keys (simulation.cpp)
Response openid_configuration(Context& ctx, Services& services);
Response signing_keys(Context& ctx, Services& services);
Response simulate_incoming_call(Context& ctx);
// Someone in the call starts, changes or stops sharing their screen.
Response content_sharing_starts(Context& ctx);
Response content_sharing_changes(Context& ctx);
Response content_sharing_stops(Context& ctx);
Response invitee_answers(Context& ctx);
Response invitee_declines(Context& ctx);
Response participant_joins(Context& ctx);
Response participant_leaves(Context& ctx);
Response press_tones(Context& ctx);
Response remote_hang_up(Context& ctx);
Response fail_operation(Context& ctx);

// The identity platform's endpoints (identity.cpp)
Response token(Context& ctx, Services& services);   // POST /{tenant}/oauth2/v2.0/token
Response tenant_openid_configuration(Context& ctx); // GET /{tenant}[/v2.0]/.well-known/...
Response instance_discovery(Context& ctx);          // GET /common/discovery/instance
// POST /_mock/tokens: an access token with the claims a test asks for.
Response mint_token(Context& ctx, Services& services);

} // namespace gcm::app::handlers
