// Handlers of /communications/calls/{id}/participants/...: roster reads, invite, remove, mute
// and hold music.
#include "../responses.hpp"
#include "body.hpp"
#include "call_responses.hpp"
#include "gcm/wire/graph_json.hpp"
#include "handlers.hpp"

namespace gcm::app::handlers {

Response list_participants(Context& ctx) {
    return counted(ctx, "participants", ctx.engine.list_participants(ctx.call_id()), false);
}

Response count_participants(Context& ctx) {
    return counted(ctx, "participants", ctx.engine.list_participants(ctx.call_id()), true);
}

Response get_participant(Context& ctx) {
    auto participant = ctx.engine.get_participant(ctx.call_id(), ctx.item_id());
    if (!participant)
        return from_error(participant.error());
    return entity_response(*participant, ctx.version_url() + "/$metadata#communications/calls('" +
                                             ctx.call_id() + "')/participants/$entity");
}

Response invite_participants(Context& ctx) {
    auto body = read_body(ctx, wire::decode_invite_body);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto& invite = std::get<wire::InviteBody>(body);
    auto op =
        ctx.engine.invite_participants(ctx.outbox, ctx.call_id(), std::move(invite.participants),
                                       std::move(invite.client_context));
    if (!op)
        return from_error(op.error());
    return operation_response(ctx, 200, *op);
}

Response delete_participant(Context& ctx) {
    auto removal = ctx.engine.remove_participant(ctx.outbox, ctx.call_id(), ctx.item_id());
    if (!removal)
        return from_error(removal.error());
    return no_content();
}

Response mute_participant(Context& ctx) {
    return context_action(ctx, 200, [&](std::optional<std::string> context) {
        return ctx.engine.mute_participant(ctx.outbox, ctx.call_id(), ctx.item_id(),
                                           std::move(context));
    });
}

Response start_hold_music(Context& ctx) {
    auto body = read_body(ctx, wire::decode_start_hold_music_body);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto& hold = std::get<0>(body);
    auto op = ctx.engine.start_hold_music(
        ctx.outbox, ctx.call_id(), ctx.item_id(),
        state::HoldRequest{std::move(hold.client_context), std::move(hold.custom_prompt)});
    if (!op)
        return from_error(op.error());
    return operation_response(ctx, 202, *op);
}

Response stop_hold_music(Context& ctx) {
    return context_action(ctx, 202, [&](std::optional<std::string> context) {
        return ctx.engine.stop_hold_music(ctx.outbox, ctx.call_id(), ctx.item_id(),
                                          std::move(context));
    });
}

} // namespace gcm::app::handlers

namespace gcm::app::handlers {

Response mute_all(Context& ctx) {
    auto body = read_body(ctx, wire::decode_mute_all_body);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto& request = std::get<0>(body);
    auto op = ctx.engine.mute_all(ctx.outbox, ctx.call_id(), std::move(request.participant_ids),
                                  std::move(request.client_context));
    if (!op)
        return from_error(op.error());
    return operation_response(ctx, 200, *op);
}

Response configure_mixer(Context& ctx) {
    return context_action(ctx, 200, [&](std::optional<std::string> context) {
        return ctx.engine.configure_mixer(ctx.outbox, ctx.call_id(), std::move(context));
    });
}

} // namespace gcm::app::handlers
