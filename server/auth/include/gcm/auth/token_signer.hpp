// The mock's signing key and the tokens it signs with it (RS256, OpenSSL for the key, libjwt
// for the tokens): the Bearer token on every notification, as the calling service sends it
// (aud = the bot's app id, tid and the long tenant-id claim, kid and x5t in the header), and, as
// the bot's token authority, the access tokens it hands out and later checks on Graph calls. The
// JWKS publishes the key with its certificate, so a bot can keep its token validation on.
#pragma once

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gcm::auth {

inline constexpr std::string_view default_notification_issuer = "https://api.botframework.com";
// The audiences a Graph access token may carry: the resource URI, and Graph's app id.
inline constexpr std::string_view graph_audience = "https://graph.microsoft.com";
inline constexpr std::string_view graph_app_id = "00000003-0000-0000-c000-000000000000";

// What the token authority grants an app.
struct AccessGrant {
    std::string app_id;
    std::string display_name;
    std::string tenant_id;
    std::vector<std::string> roles;
    bool with_certificate = false; // appidacr "2" (a client assertion), else "1" (a secret)
};

// What a valid access token says.
struct AccessClaims {
    std::string app_id;
    std::string tenant_id;
    std::vector<std::string> roles;
};

// Why an access token was refused, in the words Graph uses.
struct TokenProblem {
    std::string message;
};

class TokenSigner {
public:
    // A fresh 2048-bit RSA key, made on first use (it takes a while, and many runs never sign).
    TokenSigner();
    // An RSA private key from a PEM file; the error names the file.
    static boost::system::result<TokenSigner, std::string> from_pem_file(const std::string& path);

    // The `iss` of notification tokens (--notification-issuer); set before the server starts.
    void set_notification_issuer(std::string issuer);
    const std::string& notification_issuer() const;

    // A notification token for the bot with this app id, in this tenant; reused while it has
    // over half its hour left.
    std::string sign(const std::string& audience, const std::optional<std::string>& tenant) const;

    // An access token for Graph, valid for `lifetime` (negative: already expired), for
    // `audience` (Graph's, unless a test wants another).
    std::string issue_access_token(const AccessGrant& grant, std::chrono::seconds lifetime,
                                   std::optional<std::string> audience = std::nullopt) const;
    // The claims of an access token this key signed, checked: signature, exp/nbf, aud, tid.
    boost::system::result<AccessClaims, TokenProblem>
    verify_access_token(std::string_view token) const;

    // {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid", "x5t", "n", "e", "x5c"}]}
    boost::json::object jwks() const;
    std::string key_id() const;
    // The public key as PEM, for tests that verify tokens the way a bot would.
    std::string public_key_pem() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

} // namespace gcm::auth
