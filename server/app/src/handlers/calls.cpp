// Handlers of /communications/calls/{id} and its operations.
#include "../responses.hpp"
#include "call_responses.hpp"
#include "gcm/wire/graph_json.hpp"
#include "handlers.hpp"

namespace gcm::app::handlers {

Response get_call(Context& ctx) {
    auto call = ctx.engine.get_call_resource(ctx.call_id());
    if (!call)
        return from_error(call.error());
    return entity_response(*call, ctx.version_url() + "/$metadata#communications/calls/$entity");
}

Response list_operations(Context& ctx) {
    return counted(ctx, "operations", ctx.engine.list_operations(ctx.call_id()), false);
}

Response count_operations(Context& ctx) {
    return counted(ctx, "operations", ctx.engine.list_operations(ctx.call_id()), true);
}

Response get_operation(Context& ctx) {
    return item_response(ctx.engine.get_operation(ctx.call_id(), ctx.item_id()));
}

} // namespace gcm::app::handlers
