// TokenSigner (see token_signer.hpp): key handling with OpenSSL 3, tokens with libjwt, checks
// of access tokens with jwt.hpp.
#include "gcm/auth/token_signer.hpp"

#include "gcm/auth/certificates.hpp"
#include "gcm/auth/jwt.hpp"
#include "openssl_handles.hpp"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <jwt.h>
#include <map>
#include <memory>
#include <mutex>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <stdexcept>
#include <vector>

namespace gcm::auth {
namespace {

constexpr auto token_lifetime = std::chrono::hours(1);
// Tokens are reused until they have less than half their life left.
constexpr auto token_renewal = std::chrono::minutes(30);
// The claim the Microsoft identity libraries map `tid` to, which the sample bots read.
constexpr const char* long_tenant_claim = "http://schemas.microsoft.com/identity/claims/tenantid";

std::vector<unsigned char> key_param(const EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    if (!EVP_PKEY_get_bn_param(key, name, &bn))
        throw std::runtime_error(std::string("cannot read RSA parameter ") + name);
    std::vector<unsigned char> out(BN_num_bytes(bn));
    BN_bn2bin(bn, out.data());
    BN_free(bn);
    return out;
}

std::int64_t seconds_since_epoch(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

using JwtHandle = std::unique_ptr<jwt_t, decltype(&jwt_free)>;

JwtHandle new_jwt() {
    jwt_t* raw = nullptr;
    if (jwt_new(&raw) != 0)
        throw std::runtime_error("jwt_new failed");
    return JwtHandle(raw, jwt_free);
}

} // namespace

struct TokenSigner::Impl {
    std::once_flag made;
    Key key{nullptr, EVP_PKEY_free};
    std::string private_pem;
    std::string public_pem;
    std::string certificate_pem;
    Thumbprints thumbprints;
    std::string kid;
    std::string n;
    std::string e;
    std::string issuer{default_notification_issuer};

    struct Cached {
        std::string token;
        std::chrono::system_clock::time_point renew_after;
    };
    std::mutex cache_mutex;
    std::map<std::pair<std::string, std::string>, Cached> cache;

    void adopt(Key k) {
        key = std::move(k);
        Bio priv(BIO_new(BIO_s_mem()), BIO_free);
        Bio pub(BIO_new(BIO_s_mem()), BIO_free);
        if (!PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                      nullptr) ||
            !PEM_write_bio_PUBKEY(pub.get(), key.get()))
            throw std::runtime_error("cannot write the signing key as PEM");
        private_pem = bio_text(priv.get());
        public_pem = bio_text(pub.get());
        certificate_pem = self_signed_certificate_pem(key.get(), "graph-comms-mock token signing");
        thumbprints = thumbprints_of(certificate_pem).value();
        const auto modulus = key_param(key.get(), OSSL_PKEY_PARAM_RSA_N);
        const auto exponent = key_param(key.get(), OSSL_PKEY_PARAM_RSA_E);
        n = base64url(modulus.data(), modulus.size());
        e = base64url(exponent.data(), exponent.size());
        // As the service names its keys: the kid is the certificate's thumbprint, like x5t.
        kid = thumbprints.sha1;
    }

    void ensure() {
        std::call_once(made, [this] {
            if (!key)
                adopt(Key(EVP_RSA_gen(2048), EVP_PKEY_free));
        });
    }

    // Headers kid and x5t, RS256 with the key; then `encode`.
    std::string signed_token(jwt_t* jwt) {
        const bool ok = jwt_add_header(jwt, "kid", kid.c_str()) == 0 &&
                        jwt_add_header(jwt, "x5t", thumbprints.sha1.c_str()) == 0 &&
                        jwt_set_alg(jwt, JWT_ALG_RS256,
                                    reinterpret_cast<const unsigned char*>(private_pem.data()),
                                    static_cast<int>(private_pem.size())) == 0;
        char* encoded = ok ? jwt_encode_str(jwt) : nullptr;
        if (!encoded)
            throw std::runtime_error("cannot sign a token");
        std::string token(encoded);
        std::free(encoded);
        return token;
    }
};

TokenSigner::TokenSigner() : impl_(std::make_shared<Impl>()) {}

boost::system::result<TokenSigner, std::string>
TokenSigner::from_pem_file(const std::string& path) {
    std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "r"), std::fclose);
    if (!file)
        return path + ": cannot be read";
    Key key(PEM_read_PrivateKey(file.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        return path + ": not a PEM RSA private key";
    TokenSigner signer;
    signer.impl_->adopt(std::move(key));
    return signer;
}

void TokenSigner::set_notification_issuer(std::string issuer) {
    impl_->issuer = std::move(issuer);
}

const std::string& TokenSigner::notification_issuer() const {
    return impl_->issuer;
}

std::string TokenSigner::sign(const std::string& audience,
                              const std::optional<std::string>& tenant) const {
    impl_->ensure();
    const auto now = std::chrono::system_clock::now();
    const auto cache_key = std::make_pair(audience, tenant.value_or(""));
    {
        std::lock_guard lock(impl_->cache_mutex);
        auto it = impl_->cache.find(cache_key);
        if (it != impl_->cache.end() && now < it->second.renew_after)
            return it->second.token;
    }
    const auto issued = seconds_since_epoch(now);
    const auto expires = seconds_since_epoch(now + token_lifetime);
    auto jwt = new_jwt();
    bool ok = jwt_add_grant(jwt.get(), "aud", audience.c_str()) == 0 &&
              jwt_add_grant(jwt.get(), "iss", impl_->issuer.c_str()) == 0 &&
              jwt_add_grant_int(jwt.get(), "iat", issued) == 0 &&
              jwt_add_grant_int(jwt.get(), "nbf", issued) == 0 &&
              jwt_add_grant_int(jwt.get(), "exp", expires) == 0;
    if (ok && tenant)
        ok = jwt_add_grant(jwt.get(), "tid", tenant->c_str()) == 0 &&
             jwt_add_grant(jwt.get(), long_tenant_claim, tenant->c_str()) == 0;
    if (!ok)
        throw std::runtime_error("cannot build a notification token");
    std::string token = impl_->signed_token(jwt.get());
    std::lock_guard lock(impl_->cache_mutex);
    impl_->cache[cache_key] = {token, now + token_renewal};
    return token;
}

std::string TokenSigner::issue_access_token(const AccessGrant& grant, std::chrono::seconds lifetime,
                                            std::optional<std::string> audience) const {
    impl_->ensure();
    const auto now = std::chrono::system_clock::now();
    const auto issuer = "https://sts.windows.net/" + grant.tenant_id + "/";
    boost::json::array roles;
    for (const auto& role : grant.roles)
        roles.emplace_back(role);
    const auto grants = boost::json::serialize(
        boost::json::object{{"aud", audience ? std::string_view(*audience) : graph_audience},
                            {"iss", issuer},
                            {"idp", issuer},
                            {"iat", seconds_since_epoch(now)},
                            {"nbf", seconds_since_epoch(now)},
                            {"exp", seconds_since_epoch(now + lifetime)},
                            {"appid", grant.app_id},
                            {"azp", grant.app_id},
                            {"appidacr", grant.with_certificate ? "2" : "1"},
                            {"app_displayname", grant.display_name},
                            {"oid", grant.app_id},
                            {"sub", grant.app_id},
                            {"tid", grant.tenant_id},
                            {"idtyp", "app"},
                            {"roles", std::move(roles)},
                            {"ver", "1.0"}});
    auto jwt = new_jwt();
    if (jwt_add_grants_json(jwt.get(), grants.c_str()) != 0)
        throw std::runtime_error("cannot build an access token");
    return impl_->signed_token(jwt.get());
}

boost::system::result<AccessClaims, TokenProblem>
TokenSigner::verify_access_token(std::string_view token) const {
    impl_->ensure();
    auto jwt = parse_jwt(token);
    if (!jwt)
        return TokenProblem{"CompactToken parsing failed with error code: 80049217"};
    if (!signature_verifies(*jwt, impl_->public_pem))
        return TokenProblem{"Access token validation failure: the signature does not verify "
                            "with any key of this token authority."};
    const auto now = seconds_since_epoch(std::chrono::system_clock::now());
    const auto expires = time_claim(jwt->claims, "exp");
    if (!expires || *expires <= now)
        return TokenProblem{"Lifetime validation failed, the token is expired."};
    if (const auto not_before = time_claim(jwt->claims, "nbf"); not_before && *not_before > now)
        return TokenProblem{"Lifetime validation failed, the token is not yet valid."};
    const auto audience = string_claim(jwt->claims, "aud");
    if (audience != graph_audience && audience != graph_app_id &&
        audience != std::string(graph_audience) + "/")
        return TokenProblem{"Access token validation failure. Invalid audience."};
    AccessClaims claims;
    claims.tenant_id = string_claim(jwt->claims, "tid");
    if (claims.tenant_id.empty())
        return TokenProblem{"Access token validation failure: the token names no tenant (tid)."};
    claims.app_id = string_claim(jwt->claims, "appid");
    if (claims.app_id.empty())
        claims.app_id = string_claim(jwt->claims, "azp");
    if (const auto* roles = jwt->claims.if_contains("roles"); roles && roles->is_array())
        for (const auto& role : roles->get_array())
            if (role.is_string())
                claims.roles.emplace_back(role.get_string());
    return claims;
}

boost::json::object TokenSigner::jwks() const {
    impl_->ensure();
    return boost::json::object{
        {"keys", boost::json::array{boost::json::object{
                     {"kty", "RSA"},
                     {"use", "sig"},
                     {"alg", "RS256"},
                     {"kid", impl_->kid},
                     {"x5t", impl_->thumbprints.sha1},
                     {"n", impl_->n},
                     {"e", impl_->e},
                     {"x5c", boost::json::array{impl_->thumbprints.der_base64}}}}}};
}

std::string TokenSigner::key_id() const {
    impl_->ensure();
    return impl_->kid;
}

std::string TokenSigner::public_key_pem() const {
    impl_->ensure();
    return impl_->public_pem;
}

} // namespace gcm::auth
