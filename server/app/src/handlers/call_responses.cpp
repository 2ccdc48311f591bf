// Responses that name the request's call and version (see call_responses.hpp).
#include "call_responses.hpp"

#include "gcm/wire/graph_json.hpp"

#include <span>

namespace gcm::app::handlers {

Response operation_response(const Context& ctx, unsigned status, const state::Operation& op) {
    // The mute/unmute examples carry the operation's metadata context.
    std::string context;
    if (op.kind == state::OperationKind::mute_participant ||
        op.kind == state::OperationKind::unmute_participant)
        context = ctx.version_url() + "/$metadata#" + std::string(state::type_name(op.kind));
    Response r;
    r.status = status;
    if (wire::writes_text(op)) {
        // Fixed-shape: written as text from the type table, no DOM.
        r.body.reserve(512);
        const wire::Member extra[] = {{"@odata.context", context}};
        wire::write_text(r.body, op,
                         context.empty() ? std::span<const wire::Member>{} : std::span(extra));
    } else {
        JsonArena arena;
        auto body = wire::operation_response(op, arena.storage());
        if (!context.empty())
            body["@odata.context"] = context;
        r = json_response(status, body);
    }
    std::string location = ctx.version_url();
    constexpr std::string_view calls = "/communications/calls/", operations = "/operations/";
    location.reserve(location.size() + calls.size() + ctx.call_id().size() + operations.size() +
                     op.id.size());
    location.append(calls).append(ctx.call_id()).append(operations).append(op.id);
    r.headers.emplace_back("Location", std::move(location));
    return r;
}

} // namespace gcm::app::handlers
