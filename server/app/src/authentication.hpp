// Who a Graph request comes from, by its Authorization header, under the configured --auth:
// none (anyone), bearer (any Bearer token; one the mock's own authority issued is still read for
// its app and tenant), jwt (a token of the mock's own authority, checked: signature, lifetime,
// audience, tenant; then the roles each route takes).
#pragma once

#include "gcm/app/config.hpp"
#include "gcm/app/http_types.hpp"
#include "gcm/auth/token_signer.hpp"
#include "permissions.hpp"

#include <optional>
#include <string>
#include <variant>

namespace gcm::app {

struct Caller {
    std::string app_id;    // empty when unknown
    std::string tenant_id; // empty when unknown
    // The roles its verified token grants; nothing when tokens are not checked (--auth none or
    // bearer), so no route's roles are either.
    std::optional<Permissions> roles;
};

// The caller, or the 401 to answer (Graph's InvalidAuthenticationToken, with WWW-Authenticate).
std::variant<Caller, Response> authenticate(const Request& request, const AppConfig& config,
                                            const auth::TokenSigner& signer);

// The 403 to answer when the caller's verified roles hold none of `needed`, else nothing.
std::optional<Response> authorize(const Caller& caller, Permissions needed);

// The 401 to answer when the control plane is guarded (--admin-token) and the request does not
// carry "Authorization: Bearer <the token>"; else nothing.
std::optional<Response> admit_admin(const Request& request, const AppConfig& config);

} // namespace gcm::app
