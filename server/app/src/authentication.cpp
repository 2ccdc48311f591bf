// Authentication and the route's roles (see authentication.hpp).
#include "authentication.hpp"

#include "gcm/auth/jwt.hpp"
#include "gcm/state/ascii.hpp"
#include "responses.hpp"

namespace gcm::app {
namespace {

Response unauthenticated(std::string message) {
    auto r = graph_error(401, "InvalidAuthenticationToken", std::move(message));
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"\"");
    return r;
}

std::string_view bearer_token(std::string_view authorization) {
    if (!state::istarts_with(authorization, "Bearer "))
        return {};
    auto token = authorization.substr(7);
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    return token;
}

// Compares without stopping at the first difference, so the time taken says nothing of the token.
bool same_secret(std::string_view given, std::string_view secret) {
    if (secret.empty())
        return false;
    unsigned char differ = given.size() == secret.size() ? 0 : 1;
    for (std::size_t i = 0; i < given.size(); ++i)
        differ |= static_cast<unsigned char>(given[i] ^ secret[i % secret.size()]);
    return differ == 0;
}

} // namespace

std::optional<Response> admit_admin(const Request& request, const AppConfig& config) {
    if (config.admin_token.empty() ||
        same_secret(bearer_token(request.authorization), config.admin_token))
        return std::nullopt;
    auto r = graph_error(401, "InvalidAuthenticationToken",
                         "The control plane takes 'Authorization: Bearer <--admin-token>' on this "
                         "server (it listens beyond loopback).");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"graph-comms-mock control plane\"");
    return r;
}

std::variant<Caller, Response> authenticate(const Request& request, const AppConfig& config,
                                            const auth::TokenSigner& signer) {
    if (config.auth == AuthMode::none)
        return Caller{};
    const auto token = bearer_token(request.authorization);
    if (token.empty())
        return unauthenticated("Access token is empty.");
    if (config.auth == AuthMode::bearer) {
        // Any token goes; one that is a JWT still says who the caller is (unchecked).
        Caller caller;
        if (auto jwt = auth::parse_jwt(token)) {
            caller.app_id = auth::string_claim(jwt->claims, "appid");
            if (caller.app_id.empty())
                caller.app_id = auth::string_claim(jwt->claims, "azp");
            caller.tenant_id = auth::string_claim(jwt->claims, "tid");
        }
        return caller;
    }
    auto claims = signer.verify_access_token(token);
    if (!claims)
        return unauthenticated(claims.error().message);
    return Caller{claims->app_id, claims->tenant_id, permissions_of(claims->roles)};
}

std::optional<Response> authorize(const Caller& caller, Permissions needed) {
    if (!caller.roles || needed == permission::none || (*caller.roles & needed) != 0)
        return std::nullopt;
    // The calling service's own code and words for a missing permission, plus what is missing.
    return graph_error(403, "7504",
                       "Insufficient enterprise tenant permissions, cannot access this API. "
                       "The application needs one of these application permissions: " +
                           names_of(needed) + "; its token grants " +
                           (*caller.roles ? names_of(*caller.roles) : std::string("none")) + ".");
}

} // namespace gcm::app
