// Handlers of the call-level operations: self mute/unmute, media (prompts, recording, DTMF,
// gallery view) and its cancellation, tones, recording status, screen sharing role.
#include "../responses.hpp"
#include "body.hpp"
#include "call_responses.hpp"
#include "gcm/wire/call_requests.hpp"
#include "gcm/wire/requests.hpp"
#include "handlers.hpp"

namespace gcm::app::handlers {
namespace {

Response media_action(Context& ctx, state::MediaAction action, unsigned status) {
    auto body = read_body(
        ctx, [action](const boost::json::object& b) { return wire::decode_media(action, b); });
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto op = ctx.engine.start_media(ctx.outbox, ctx.call_id(), std::move(std::get<0>(body)));
    if (!op)
        return from_error(op.error());
    return operation_response(ctx, status, *op);
}

Response mute_action(Context& ctx, bool mute) {
    return context_action(ctx, 200, [&](std::optional<std::string> context) {
        return ctx.engine.mute_self(ctx.outbox, ctx.call_id(), mute, std::move(context));
    });
}

} // namespace

Response mute_self(Context& ctx) {
    return mute_action(ctx, true);
}
Response unmute_self(Context& ctx) {
    return mute_action(ctx, false);
}

Response play_prompt(Context& ctx) {
    return media_action(ctx, state::MediaAction::play_prompt, 200);
}

Response record_response(Context& ctx) {
    return media_action(ctx, state::MediaAction::record_response, 200);
}

Response send_dtmf_tones(Context& ctx) {
    return media_action(ctx, state::MediaAction::send_dtmf_tones, 200);
}

Response add_large_gallery_view(Context& ctx) {
    return media_action(ctx, state::MediaAction::add_large_gallery_view, 202);
}

Response cancel_media_processing(Context& ctx) {
    return context_action(ctx, 200, [&](std::optional<std::string> context) {
        return ctx.engine.cancel_media_processing(ctx.outbox, ctx.call_id(), std::move(context));
    });
}

Response subscribe_to_tone(Context& ctx) {
    return context_action(ctx, 200, [&](std::optional<std::string> context) {
        return ctx.engine.subscribe_to_tone(ctx.outbox, ctx.call_id(), std::move(context));
    });
}

Response update_recording_status(Context& ctx) {
    return context_action(ctx, 200, wire::decode_update_recording_status,
                          [&](std::optional<std::string> context) {
                              return ctx.engine.update_recording_status(ctx.outbox, ctx.call_id(),
                                                                        std::move(context));
                          });
}

Response change_screen_sharing_role(Context& ctx) {
    auto body = read_body(ctx, wire::decode_change_screen_sharing_role);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto done = ctx.engine.change_screen_sharing_role(ctx.outbox, ctx.call_id(), std::get<0>(body));
    if (!done)
        return from_error(done.error());
    return empty_response(202);
}

} // namespace gcm::app::handlers
