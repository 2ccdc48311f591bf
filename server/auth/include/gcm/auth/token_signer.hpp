// Signs the Bearer tokens that go with every notification, like the real service's (RS256,
// claims aud/iss/iat/nbf/exp/tid), with a key of the mock's own, and publishes the matching
// JWKS so a bot can keep its token validation on. OpenSSL for the key, libjwt for the token.
#pragma once

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>
#include <memory>
#include <optional>
#include <string>

namespace gcm::auth {

inline constexpr std::string_view token_issuer = "https://api.botframework.com";

class TokenSigner {
public:
    // A fresh 2048-bit RSA key, made on first use (it takes a while, and many runs never sign).
    TokenSigner();
    // An RSA private key from a PEM file; the error names the file.
    static boost::system::result<TokenSigner, std::string> from_pem_file(const std::string& path);

    // A token for the bot with this app id (and tenant); reused while it has over half its hour.
    std::string sign(const std::string& audience, const std::optional<std::string>& tenant) const;
    // {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid", "n", "e"}]}
    boost::json::object jwks() const;
    std::string key_id() const;
    // The public key as PEM, for tests that verify tokens the way a bot would.
    std::string public_key_pem() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

} // namespace gcm::auth
