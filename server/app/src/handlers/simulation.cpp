// The control plane's simulated people (/_mock/calls/...): a caller rings the bot, invitees
// answer or decline on cue, people join and leave, keys are pressed, the remote side hangs up,
// an operation fails. Plus the OpenID configuration and keys that sign notifications.
#include "../responses.hpp"
#include "../services.hpp"
#include "body.hpp"
#include "gcm/wire/call_form.hpp"
#include "gcm/wire/decode.hpp"
#include "gcm/wire/graph_json.hpp"
#include "gcm/wire/requests.hpp"
#include "handlers.hpp"

namespace json = boost::json;

namespace gcm::app::handlers {
namespace {

// An optional {"resultInfo": {...}} in the body.
std::variant<std::optional<state::ResultInfo>, Response> result_info_of(const Context& ctx) {
    return read_body(ctx, wire::decode_result_info_body);
}

Response invitee_reacts(Context& ctx, state::InviteeBehaviour::Reaction reaction) {
    auto done =
        ctx.engine.resolve_invitation_now(ctx.outbox, ctx.call_id(), ctx.item_id(), reaction);
    if (!done)
        return from_error(done.error());
    return no_content();
}

} // namespace

Response openid_configuration(Context& ctx, Services& services) {
    return json_response(
        200,
        json::object{{"issuer", services.signer.notification_issuer()},
                     {"jwks_uri", ctx.base_url + "/_mock/keys"},
                     {"id_token_signing_alg_values_supported", json::array{"RS256"}},
                     {"token_endpoint_auth_methods_supported", json::array{"private_key_jwt"}}});
}

Response signing_keys(Context&, Services& services) {
    return json_response(200, services.signer.jwks());
}

Response simulate_incoming_call(Context& ctx) {
    auto call = read_body(ctx, [](const json::object& body) {
        return wire::decode_call(body, "$", wire::IdRule::optional);
    });
    if (auto* error = std::get_if<Response>(&call))
        return std::move(*error);
    auto parties = read_body(ctx, wire::decode_incoming_parties);
    if (auto* error = std::get_if<Response>(&parties))
        return std::move(*error);
    // The bot learns of the call only by its notification: without a URL to send it to, the
    // call would ring unseen until it timed out.
    if (std::get<0>(call).resource.callback_uri.empty() &&
        ctx.config.default_callback_uri.empty() && ctx.config.notifications)
        return graph_error(400, "BadRequest",
                           "Invalid request body: 'callbackUri' is required: give the bot's "
                           "notification URL as callbackUri, or start the mock with "
                           "--default-callback-uri.");
    auto created = ctx.engine.simulate_incoming_call(ctx.outbox, std::move(std::get<0>(call)),
                                                     std::move(std::get<0>(parties)));
    if (!created)
        return from_error(created.error());
    return json_response(201, wire::call_export(*created));
}

Response invitee_answers(Context& ctx) {
    return invitee_reacts(ctx, state::InviteeBehaviour::Reaction::answer);
}

Response invitee_declines(Context& ctx) {
    return invitee_reacts(ctx, state::InviteeBehaviour::Reaction::decline);
}

Response participant_joins(Context& ctx) {
    auto participant = read_body(ctx, [](const json::object& body) {
        return wire::decode_participant(body, "$", wire::IdRule::optional);
    });
    if (auto* error = std::get_if<Response>(&participant))
        return std::move(*error);
    auto joined = ctx.engine.participant_joins(ctx.outbox, ctx.call_id(),
                                               std::move(std::get<0>(participant)));
    if (!joined)
        return from_error(joined.error());
    return json_response(201, json::value_from(*joined));
}

Response participant_leaves(Context& ctx) {
    auto done = ctx.engine.participant_leaves(ctx.outbox, ctx.call_id(), ctx.item_id());
    if (!done)
        return from_error(done.error());
    return no_content();
}

Response press_tones(Context& ctx) {
    auto tones = read_body(ctx, wire::decode_tones_body);
    if (auto* error = std::get_if<Response>(&tones))
        return std::move(*error);
    auto sequence =
        ctx.engine.press_tones(ctx.outbox, ctx.call_id(), std::move(std::get<0>(tones)));
    if (!sequence)
        return from_error(sequence.error());
    return json_response(200, json::object{{"sequenceId", *sequence}});
}

Response remote_hang_up(Context& ctx) {
    auto reason = result_info_of(ctx);
    if (auto* error = std::get_if<Response>(&reason))
        return std::move(*error);
    auto done = ctx.engine.remote_hang_up(ctx.outbox, ctx.call_id(), std::get<0>(reason));
    if (!done)
        return from_error(done.error());
    return no_content();
}

Response fail_operation(Context& ctx) {
    static const state::ResultInfo unknown{500, 9999, "Unknown internal server error."};
    auto failure = read_body(ctx, [](const json::object& body) {
        return wire::decode_operation_failure(body, unknown);
    });
    if (auto* error = std::get_if<Response>(&failure))
        return std::move(*error);
    auto op = ctx.engine.fail_operation(ctx.outbox, ctx.call_id(), ctx.item_id(),
                                        std::move(std::get<0>(failure)));
    if (!op)
        return from_error(op.error());
    return json_response(200, json::value_from(*op));
}

Response content_sharing_starts(Context& ctx) {
    auto session = ctx.engine.start_content_sharing(ctx.outbox, ctx.call_id());
    if (!session)
        return from_error(session.error());
    return json_response(201, json::value_from(*session));
}

Response content_sharing_changes(Context& ctx) {
    auto session = ctx.engine.change_content_sharing(ctx.outbox, ctx.call_id(), ctx.item_id());
    if (!session)
        return from_error(session.error());
    return json_response(200, json::value_from(*session));
}

Response content_sharing_stops(Context& ctx) {
    auto done = ctx.engine.stop_content_sharing(ctx.outbox, ctx.call_id(), ctx.item_id());
    if (!done)
        return from_error(done.error());
    return no_content();
}

} // namespace gcm::app::handlers
