// The control plane's simulated people (/_mock/calls/...): a caller rings the bot, invitees
// answer or decline on cue, people join and leave, keys are pressed, the remote side hangs up,
// an operation fails. Plus the OpenID configuration and keys that sign notifications.
#include "../responses.hpp"
#include "gcm/state/ids.hpp"
#include "gcm/wire/decode.hpp"
#include "gcm/wire/graph_json.hpp"
#include "gcm/wire/requests.hpp"
#include "handlers.hpp"

#include <boost/json/parse.hpp>

namespace json = boost::json;

namespace gcm::app::handlers {
namespace {

// The body as an object with an "id" (a fresh one when the caller gave none).
std::variant<json::object, Response> body_with_id(const Context& ctx) {
    auto body = wire::parse_body(ctx.request.body);
    if (!body)
        return from_decode_error(body.error());
    if (!body->contains("id"))
        (*body)["id"] = state::random_uuid();
    return std::move(*body);
}

// An optional {"resultInfo": {...}} in the body.
std::variant<std::optional<state::ResultInfo>, Response> result_info_of(const Context& ctx) {
    auto body = wire::parse_body(ctx.request.body);
    if (!body)
        return from_decode_error(body.error());
    const auto* info = body->if_contains("resultInfo");
    if (!info || info->is_null())
        return std::optional<state::ResultInfo>{};
    auto decoded = wire::decode_result_info(*info, "resultInfo");
    if (!decoded)
        return from_decode_error(decoded.error());
    return std::optional<state::ResultInfo>{*decoded};
}

Response invitee_reacts(Context& ctx, state::InviteeBehaviour::Reaction reaction) {
    auto done = ctx.engine().resolve_invitation_now(ctx.call_id(), ctx.item_id(), reaction);
    if (!done)
        return from_error(done.error());
    return no_content();
}

} // namespace

Response openid_configuration(Context& ctx) {
    return json_response(
        200,
        json::object{{"issuer", auth::token_issuer},
                     {"jwks_uri", ctx.base_url + "/_mock/keys"},
                     {"id_token_signing_alg_values_supported", json::array{"RS256"}},
                     {"token_endpoint_auth_methods_supported", json::array{"private_key_jwt"}}});
}

Response signing_keys(Context& ctx) {
    return json_response(200, ctx.signer.jwks());
}

Response simulate_incoming_call(Context& ctx) {
    auto body = body_with_id(ctx);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto call = wire::decode_call(std::get<json::object>(body), "$");
    if (!call)
        return from_decode_error(call.error());
    auto created = ctx.engine().simulate_incoming_call(std::move(*call));
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
    auto body = body_with_id(ctx);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto participant = wire::decode_participant(std::get<json::object>(body), "$");
    if (!participant)
        return from_decode_error(participant.error());
    auto joined = ctx.engine().participant_joins(ctx.call_id(), std::move(*participant));
    if (!joined)
        return from_error(joined.error());
    return json_response(201, json::value_from(*joined));
}

Response participant_leaves(Context& ctx) {
    auto done = ctx.engine().participant_leaves(ctx.call_id(), ctx.item_id());
    if (!done)
        return from_error(done.error());
    return no_content();
}

Response press_tones(Context& ctx) {
    auto body = wire::parse_body(ctx.request.body);
    if (!body)
        return from_decode_error(body.error());
    const auto* tones = body->if_contains("tones");
    if (!tones || !tones->is_array() || tones->get_array().empty())
        return graph_error(400, "BadRequest", "'tones' must be a non-empty array of tone names.");
    std::vector<std::string> pressed;
    for (const auto& tone : tones->get_array()) {
        if (!tone.is_string())
            return graph_error(400, "BadRequest",
                               "'tones' must hold tone names (tone0-9, star, "
                               "pound, a-d, flash).");
        pressed.emplace_back(tone.get_string());
    }
    auto sequence = ctx.engine().press_tones(ctx.call_id(), std::move(pressed));
    if (!sequence)
        return from_error(sequence.error());
    return json_response(200, json::object{{"sequenceId", *sequence}});
}

Response remote_hang_up(Context& ctx) {
    auto reason = result_info_of(ctx);
    if (auto* error = std::get_if<Response>(&reason))
        return std::move(*error);
    auto done = ctx.engine().remote_hang_up(ctx.call_id(), std::get<0>(reason));
    if (!done)
        return from_error(done.error());
    return no_content();
}

Response fail_operation(Context& ctx) {
    auto reason = result_info_of(ctx);
    if (auto* error = std::get_if<Response>(&reason))
        return std::move(*error);
    auto op = ctx.engine().fail_operation(ctx.call_id(), ctx.item_id(),
                                          std::get<0>(reason).value_or(state::ResultInfo{
                                              500, 9999, "Unknown internal server error."}));
    if (!op)
        return from_error(op.error());
    return json_response(200, json::value_from(*op));
}

} // namespace gcm::app::handlers
