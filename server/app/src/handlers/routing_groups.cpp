// Handlers of /calls/{id}/audioRoutingGroups and /calls/{id}/contentSharingSessions.
#include "../responses.hpp"
#include "body.hpp"
#include "call_responses.hpp"
#include "gcm/wire/call_requests.hpp"
#include "gcm/wire/graph_json.hpp"
#include "handlers.hpp"

namespace json = boost::json;

namespace gcm::app::handlers {

Response list_audio_routing_groups(Context& ctx) {
    return counted(ctx, "audioRoutingGroups", ctx.engine.list_audio_routing_groups(ctx.call_id()),
                   false);
}

Response count_audio_routing_groups(Context& ctx) {
    return counted(ctx, "audioRoutingGroups", ctx.engine.list_audio_routing_groups(ctx.call_id()),
                   true);
}

Response create_audio_routing_group(Context& ctx) {
    auto body = read_body(ctx, wire::decode_audio_routing_group);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    return item_response(ctx.engine.create_audio_routing_group(ctx.outbox, ctx.call_id(),
                                                               std::move(std::get<0>(body))));
}

Response get_audio_routing_group(Context& ctx) {
    return item_response(ctx.engine.get_audio_routing_group(ctx.call_id(), ctx.item_id()));
}

Response update_audio_routing_group(Context& ctx) {
    auto body = read_body(ctx, wire::decode_audio_routing_group_patch);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    return item_response(ctx.engine.update_audio_routing_group(
        ctx.outbox, ctx.call_id(), ctx.item_id(), std::move(std::get<0>(body))));
}

Response delete_audio_routing_group(Context& ctx) {
    auto done = ctx.engine.delete_audio_routing_group(ctx.outbox, ctx.call_id(), ctx.item_id());
    if (!done)
        return from_error(done.error());
    return no_content();
}

Response list_content_sharing_sessions(Context& ctx) {
    return counted(ctx, "contentSharingSessions",
                   ctx.engine.list_content_sharing_sessions(ctx.call_id()), false);
}

Response count_content_sharing_sessions(Context& ctx) {
    return counted(ctx, "contentSharingSessions",
                   ctx.engine.list_content_sharing_sessions(ctx.call_id()), true);
}

Response get_content_sharing_session(Context& ctx) {
    return item_response(ctx.engine.get_content_sharing_session(ctx.call_id(), ctx.item_id()));
}

} // namespace gcm::app::handlers
