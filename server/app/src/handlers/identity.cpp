// The identity platform's side, so a bot's MSAL client can use this server as its authority:
// the client-credentials token endpoint (client secret, or a client assertion signed with a
// registered certificate), the tenant's OpenID configuration and keys, instance discovery; and
// the control plane's token mint, for tests that need a token with claims of their choosing.
#include "gcm/wire/identity.hpp"

#include "../responses.hpp"
#include "../services.hpp"
#include "../utc.hpp"
#include "body.hpp"
#include "gcm/auth/certificates.hpp"
#include "gcm/auth/jwt.hpp"
#include "gcm/state/ascii.hpp"
#include "gcm/state/ids.hpp"
#include "handlers.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::app::handlers {
namespace {

constexpr std::string_view assertion_type =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// The tenant a token is for: the authority's path segment, unless it names no tenant.
std::string tenant_for(std::string_view segment, const wire::AppRegistration& app,
                       const AppConfig& config) {
    if (segment == "common" || segment == "organizations" || segment == "consumers")
        return app.tenant_id.value_or(config.tenant_id);
    return std::string(segment);
}

Response identity_error(unsigned status, std::string_view error, int code,
                        std::string_view description) {
    const auto trace = state::random_uuid();
    Response r =
        json_response(status, wire::identity_error(error, code, description, trace,
                                                   iso_utc(std::chrono::system_clock::now())));
    return r;
}

const wire::AppRegistration* find_app(const AppConfig& config, std::string_view app_id) {
    auto it = std::find_if(config.apps.begin(), config.apps.end(),
                           [&](const auto& app) { return state::iequals(app.app_id, app_id); });
    return it == config.apps.end() ? nullptr : &*it;
}

// A client assertion's problem, if any: signed by one of the app's certificates (named by x5t
// or x5t#S256), for this token endpoint, by and about the app, and current.
std::optional<std::string> assertion_problem(const Context& ctx, const wire::AppRegistration& app,
                                             const std::string& assertion) {
    auto jwt = auth::parse_jwt(assertion);
    if (!jwt)
        return "The client assertion is not a well-formed JWT.";
    const auto x5t = auth::string_claim(jwt->header, "x5t");
    const auto x5t256 = auth::string_claim(jwt->header, "x5t#S256");
    const std::string* signer = nullptr;
    for (const auto& pem : app.certificates)
        if (auto prints = auth::thumbprints_of(pem);
            prints && ((!x5t.empty() && prints->sha1 == x5t) ||
                       (!x5t256.empty() && prints->sha256 == x5t256)))
            signer = &pem;
    if (!signer)
        return "The certificate with identifier used to sign the client assertion is not "
               "registered on application " +
               app.app_id + ".";
    if (!auth::signature_verifies(*jwt, *signer))
        return "Client assertion failed signature validation.";
    const auto audience = auth::string_claim(jwt->claims, "aud");
    const auto endpoint = ctx.base_url + "/" + ctx.call_id() + "/oauth2/v2.0/token";
    if (!state::iequals(audience, endpoint) &&
        !audience.ends_with(std::string_view(ctx.request.target)))
        return "The audience of the client assertion, '" + audience +
               "', is not this token endpoint, '" + endpoint + "'.";
    if (auth::string_claim(jwt->claims, "iss") != app.app_id ||
        auth::string_claim(jwt->claims, "sub") != app.app_id)
        return "The client assertion's iss and sub must both be the client id.";
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto expires = auth::time_claim(jwt->claims, "exp");
    const auto not_before = auth::time_claim(jwt->claims, "nbf");
    if (!expires || *expires <= now || (not_before && *not_before > now + 300))
        return "Client assertion is not within its valid time range.";
    return std::nullopt;
}

json::object openid_configuration_of(const std::string& authority, const std::string& issuer,
                                     const std::string& host) {
    return {{"token_endpoint", authority + "/oauth2/v2.0/token"},
            {"token_endpoint_auth_methods_supported",
             json::array{"client_secret_post", "private_key_jwt"}},
            {"jwks_uri", authority + "/discovery/v2.0/keys"},
            {"response_modes_supported", json::array{"query", "fragment", "form_post"}},
            {"subject_types_supported", json::array{"pairwise"}},
            {"id_token_signing_alg_values_supported", json::array{"RS256"}},
            {"response_types_supported", json::array{"code", "id_token", "code id_token"}},
            {"scopes_supported", json::array{"openid", "profile", "email", "offline_access"}},
            {"issuer", issuer},
            {"authorization_endpoint", authority + "/oauth2/v2.0/authorize"},
            {"device_authorization_endpoint", authority + "/oauth2/v2.0/devicecode"},
            {"end_session_endpoint", authority + "/oauth2/v2.0/logout"},
            {"request_uri_parameter_supported", false},
            {"tenant_region_scope", nullptr},
            {"cloud_instance_name", host},
            {"cloud_graph_host_name", "graph.windows.net"},
            {"msgraph_host", "graph.microsoft.com"}};
}

std::string host_of(const std::string& base_url) {
    auto host = base_url.substr(base_url.find("://") + 3);
    return host.substr(0, host.find('/'));
}

} // namespace

Response token(Context& ctx, Services& services) {
    if (!state::istarts_with(ctx.request.content_type, "application/x-www-form-urlencoded"))
        return identity_error(400, "invalid_request", 900144,
                              "The request body must be application/x-www-form-urlencoded.");
    auto request = wire::decode_token_request(ctx.request.body);
    if (!request)
        return identity_error(400, "invalid_request", 900144,
                              "The request body is not form-encoded.");
    if (request->grant_type != "client_credentials")
        return identity_error(400, "unsupported_grant_type", 70003,
                              "The app requested an unsupported grant type '" +
                                  request->grant_type +
                                  "': this authority grants "
                                  "client_credentials only.");
    if (request->client_id.empty())
        return identity_error(400, "invalid_request", 900144,
                              "The request body must contain the following parameter: "
                              "'client_id'.");
    const auto tenant_segment = ctx.call_id();
    const auto* app = find_app(ctx.config, request->client_id);
    if (!app)
        return identity_error(400, "unauthorized_client", 700016,
                              "Application with identifier '" + request->client_id +
                                  "' was not found in the directory '" + tenant_segment + "'.");
    if (request->scope != "https://graph.microsoft.com/.default" &&
        request->scope != "00000003-0000-0000-c000-000000000000/.default")
        return identity_error(400, "invalid_scope", 1002012,
                              "The provided value for scope '" + request->scope +
                                  "' is not valid. Client credential flows must have a scope "
                                  "value with /.default suffixed to the resource identifier: "
                                  "https://graph.microsoft.com/.default.");
    bool with_certificate = false;
    if (request->client_secret) {
        if (std::find(app->secrets.begin(), app->secrets.end(), *request->client_secret) ==
            app->secrets.end())
            return identity_error(401, "invalid_client", 7000215,
                                  "Invalid client secret provided. Ensure the secret being sent "
                                  "in the request is the client secret value.");
    } else if (request->client_assertion) {
        if (request->client_assertion_type != assertion_type)
            return identity_error(400, "invalid_request", 700009,
                                  "client_assertion_type must be " + std::string(assertion_type) +
                                      ".");
        if (auto problem = assertion_problem(ctx, *app, *request->client_assertion))
            return identity_error(401, "invalid_client", 700027, *problem);
        with_certificate = true;
    } else {
        return identity_error(401, "invalid_client", 7000218,
                              "The request body must contain the following parameter: "
                              "'client_assertion' or 'client_secret'.");
    }
    auth::AccessGrant grant{app->app_id, app->display_name,
                            tenant_for(tenant_segment, *app, ctx.config), app->roles,
                            with_certificate};
    const auto lifetime = ctx.config.access_token_lifetime;
    return json_response(200,
                         wire::token_response(services.signer.issue_access_token(grant, lifetime),
                                              lifetime.count()));
}

Response tenant_openid_configuration(Context& ctx) {
    // The v2.0 document names the v2.0 issuer, as Entra ID's does; the other one names the
    // authority itself, which MSAL.NET's generic (OIDC) authorities require.
    const auto authority = ctx.base_url + "/" + ctx.call_id();
    const bool v2 =
        std::string_view(ctx.request.target).find("/v2.0/.well-known") != std::string_view::npos;
    return json_response(200,
                         openid_configuration_of(authority, v2 ? authority + "/v2.0" : authority,
                                                 host_of(ctx.base_url)));
}

Response instance_discovery(Context& ctx) {
    const auto host = host_of(ctx.base_url);
    return json_response(
        200, json::object{{"tenant_discovery_endpoint",
                           ctx.base_url + "/common/v2.0/.well-known/openid-configuration"},
                          {"api-version", "1.1"},
                          {"metadata", json::array{json::object{{"preferred_network", host},
                                                                {"preferred_cache", host},
                                                                {"aliases", json::array{host}}}}}});
}

Response mint_token(Context& ctx, Services& services) {
    auto body = read_body(ctx, wire::decode_token_mint);
    if (auto* error = std::get_if<Response>(&body))
        return std::move(*error);
    auto& mint = std::get<0>(body);
    const auto* app = find_app(ctx.config, mint.app_id.value_or(ctx.config.bot_app_id));
    auth::AccessGrant grant{
        mint.app_id.value_or(ctx.config.bot_app_id),
        app ? app->display_name : std::string("minted"),
        mint.tenant_id.value_or(ctx.config.tenant_id),
        mint.roles ? *mint.roles : (app ? app->roles : std::vector<std::string>{}), false};
    auto token =
        services.signer.issue_access_token(grant,
                                           std::chrono::seconds(mint.lifetime_seconds.value_or(
                                               ctx.config.access_token_lifetime.count())),
                                           mint.audience);
    return json_response(200, json::object{{"access_token", std::move(token)}});
}

} // namespace gcm::app::handlers
