// Reads a request body through one of the wire decoders; a failure is already a 400 response.
#pragma once

#include "../context.hpp"
#include "../responses.hpp"
#include "call_responses.hpp"
#include "gcm/wire/requests.hpp"

#include <type_traits>
#include <variant>

namespace gcm::app::handlers {

template <class Decode>
auto read_body(const Context& ctx, Decode&& decode)
    -> std::variant<typename std::invoke_result_t<Decode, const boost::json::object&>::value_type,
                    Response> {
    JsonArena arena;
    auto object = wire::parse_body(ctx.request.body, arena.storage());
    if (!object)
        return from_decode_error(object.error());
    auto decoded = decode(*object);
    if (!decoded)
        return from_decode_error(decoded.error());
    return std::move(*decoded);
}

// An action whose body is just {clientContext} (decoded by `decode`, which may check more),
// answered with its operation: `act` takes the client context and returns the engine's
// Result<Operation>.
template <class Decode, class Act>
Response context_action(Context& ctx, unsigned status, Decode&& decode, Act&& act) {
    auto body = read_body(ctx, std::forward<Decode>(decode));
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto op = act(std::move(std::get<0>(body).client_context));
    if (!op)
        return from_error(op.error());
    return operation_response(ctx, status, *op);
}

template <class Act> Response context_action(Context& ctx, unsigned status, Act&& act) {
    return context_action(ctx, status, wire::decode_action_body, std::forward<Act>(act));
}

} // namespace gcm::app::handlers
