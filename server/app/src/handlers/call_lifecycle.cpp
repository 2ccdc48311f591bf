// Handlers of the call's life: create, hang up, answer, reject, redirect, transfer, keepAlive,
// and logTeleconferenceDeviceQuality.
#include "../call_ownership.hpp"
#include "../responses.hpp"
#include "body.hpp"
#include "gcm/wire/call_requests.hpp"
#include "gcm/wire/graph_json.hpp"
#include "handlers.hpp"

namespace json = boost::json;

namespace gcm::app::handlers {
namespace {

// Runs a decoded request through an engine action that answers with no body.
template <class Decode, class Act>
Response no_body_action(Context& ctx, unsigned status, Decode&& decode, Act&& act) {
    auto body = read_body(ctx, std::forward<Decode>(decode));
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto done = act(std::move(std::get<0>(body)));
    if (!done)
        return from_error(done.error());
    return empty_response(status);
}

} // namespace

// What the request says of its sender (its token's app and tenant, its scenario id), if it does.
static std::optional<std::string> present(std::string_view text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

Response create_call(Context& ctx) {
    const std::string& app = ctx.caller.app_id.empty() ? ctx.config.bot_app_id : ctx.caller.app_id;
    auto body =
        read_body(ctx, [&](const json::object& o) { return wire::decode_create_call(o, app); });
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto& request = std::get<0>(body);
    if (auto refusal = refuse_foreign_tenant(ctx, request.tenant_id))
        return std::move(*refusal);
    request.caller_app_id = present(ctx.caller.app_id);
    request.caller_tenant_id = present(ctx.caller.tenant_id);
    request.scenario_id = present(ctx.request.scenario_id);
    auto call = ctx.engine.create_call(ctx.outbox, std::move(request));
    if (!call)
        return from_error(call.error());
    Response r =
        entity_response(*call, ctx.version_url() + "/$metadata#communications/calls/$entity");
    r.status = 201;
    r.headers.emplace_back("Location", ctx.version_url() + "/communications/calls/" + call->id);
    return r;
}

Response hang_up(Context& ctx) {
    auto done = ctx.engine.hang_up(ctx.outbox, ctx.call_id());
    if (!done)
        return from_error(done.error());
    return no_content();
}

Response answer(Context& ctx) {
    return no_body_action(ctx, 202, wire::decode_answer, [&](state::AnswerRequest request) {
        request.caller_app_id = present(ctx.caller.app_id);
        request.scenario_id = present(ctx.request.scenario_id);
        return ctx.engine.answer(ctx.outbox, ctx.call_id(), std::move(request));
    });
}

Response reject(Context& ctx) {
    return no_body_action(ctx, 202, wire::decode_reject, [&](state::RejectRequest request) {
        return ctx.engine.reject(ctx.outbox, ctx.call_id(), std::move(request));
    });
}

Response redirect(Context& ctx) {
    return no_body_action(ctx, 202, wire::decode_redirect, [&](state::RedirectRequest request) {
        return ctx.engine.redirect(ctx.outbox, ctx.call_id(), std::move(request));
    });
}

Response transfer(Context& ctx) {
    return no_body_action(ctx, 202, wire::decode_transfer, [&](state::TransferRequest request) {
        return ctx.engine.transfer(ctx.outbox, ctx.call_id(), std::move(request));
    });
}

Response keep_alive(Context& ctx) {
    auto done = ctx.engine.keep_alive(ctx.outbox, ctx.call_id());
    if (!done)
        return from_error(done.error());
    return empty_response(200);
}

Response log_teleconference_device_quality(Context& ctx) {
    return no_body_action(ctx, 200, wire::decode_log_teleconference_device_quality,
                          [](bool) -> state::Result<void> { return {}; });
}

} // namespace gcm::app::handlers
