// Responses that name the request's call and version: an operation with its Location, a call's
// collections. Only handlers answer these; the rest of the application builds its responses
// with responses.hpp, which knows no Context.
#pragma once

#include "../context.hpp"
#include "../responses.hpp"

#include <string>
#include <string_view>

namespace gcm::app::handlers {

// 200/202 with `Location` to the operation under the request's version, body = the operation.
Response operation_response(const Context& ctx, unsigned status, const state::Operation& op);

// 200 with a collection of the call's `name` items: {"@odata.context", "value": [...]}.
template <class T>
Response collection_response(const Context& ctx, std::string_view name, const T& items) {
    JsonArena arena;
    boost::json::object body(arena.storage());
    body.reserve(2);
    body["@odata.context"] = ctx.version_url() + "/$metadata#communications/calls('" +
                             ctx.call_id() + "')/" + std::string(name);
    body["value"] = boost::json::value_from(items, arena.storage());
    return json_response(200, body);
}

// The collection of a call's items, or its size for /$count: `list` is the engine's query.
template <class List>
Response counted(const Context& ctx, std::string_view name, const List& items, bool count_only) {
    if (!items)
        return from_error(items.error());
    if (count_only)
        return count_response(items->size());
    return collection_response(ctx, name, *items);
}

} // namespace gcm::app::handlers
