// Under --auth jwt a call belongs to an application in a tenant, as the calling service's calls
// do: the app its notifications go to (the one whose token created or answered it; an incoming
// call not yet answered, the application it targets, else --bot-app-id; a fixture's call, its
// `_mock.appId`, else its source's or target's application) and the call's tenantId (else
// --tenant-id). A verified token of another tenant is refused 403 `7505`; of another app in the
// same tenant, told the call does not exist (404 `8522`). --no-call-ownership turns this off;
// without --auth jwt no token says who calls, and nothing is checked.
#pragma once

#include "context.hpp"

#include <optional>
#include <string_view>

namespace gcm::app {

// The refusal when the caller may not act on the call the request names (ctx.call_id()), else
// nothing; nothing too for a call the engine does not know (the handler says so).
std::optional<Response> refuse_foreign_caller(Context& ctx);

// The refusal when a call the caller creates names a tenant other than its token's.
std::optional<Response> refuse_foreign_tenant(const Context& ctx,
                                              const std::optional<std::string>& tenant_id);

} // namespace gcm::app
