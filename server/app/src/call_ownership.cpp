// Which application and tenant may act on a call (see call_ownership.hpp).
#include "call_ownership.hpp"

#include "gcm/state/ascii.hpp"
#include "responses.hpp"

namespace gcm::app {
namespace {

// Only a verified token says who calls.
bool checked(const Context& ctx) {
    return ctx.config.auth == AuthMode::jwt && ctx.config.call_ownership;
}

// The calling service's words when a token's tenant is not the call's (microsoft-graph-docs
// -contrib #5874, microsoft-graph-comms-samples #720).
Response tenant_mismatch() {
    return graph_error(403, "7505", "Request authorization tenant mismatch.");
}

} // namespace

std::optional<Response> refuse_foreign_caller(Context& ctx) {
    if (!checked(ctx))
        return std::nullopt;
    auto owner = ctx.engine.owner_of(ctx.call_id());
    if (!owner)
        return std::nullopt;
    const auto& tenant = owner->tenant_id.empty() ? ctx.config.tenant_id : owner->tenant_id;
    if (!state::iequals(tenant, ctx.caller.tenant_id))
        return tenant_mismatch();
    const auto& app = owner->app_id.empty() ? ctx.config.bot_app_id : owner->app_id;
    if (!state::iequals(app, ctx.caller.app_id))
        // Another app's call is, to this one, a call that does not exist.
        return from_error(
            state::make_error(state::errc::call_not_found, "Call not found.", ctx.call_id()));
    return std::nullopt;
}

std::optional<Response> refuse_foreign_tenant(const Context& ctx,
                                              const std::optional<std::string>& tenant_id) {
    if (!checked(ctx) || !tenant_id || state::iequals(*tenant_id, ctx.caller.tenant_id))
        return std::nullopt;
    return tenant_mismatch();
}

} // namespace gcm::app
