// Token verification for tests (see jwt_check.hpp): OpenSSL builds the key, libjwt checks.
#include "jwt_check.hpp"

#include <boost/json/parse.hpp>
#include <jwt.h>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <vector>

namespace json = boost::json;

namespace gcm::test {
namespace {

std::vector<unsigned char> base64url_decode(std::string_view s) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '-')
            return 62;
        if (c == '_')
            return 63;
        return -1;
    };
    std::vector<unsigned char> out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : s) {
        const int v = value(c);
        if (v < 0)
            break;
        buffer = (buffer << 6) | unsigned(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xff));
        }
    }
    return out;
}

std::string pem_from_jwk(const json::object& jwk) {
    const auto n = base64url_decode(jwk.at("n").as_string());
    const auto e = base64url_decode(jwk.at("e").as_string());
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn_n(BN_bin2bn(n.data(), int(n.size()), nullptr),
                                                     BN_free);
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn_e(BN_bin2bn(e.data(), int(e.size()), nullptr),
                                                     BN_free);
    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(),
                                                                          OSSL_PARAM_BLD_free);
    OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get());
    OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get());
    std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
        OSSL_PARAM_BLD_to_param(build.get()), OSSL_PARAM_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), EVP_PKEY_CTX_free);
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return {};
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(raw, EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PUBKEY(bio.get(), key.get());
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, std::size_t(size));
}

} // namespace

std::optional<json::object> verified_claims(const std::string& token, const json::object& jwks) {
    // The kid from the header picks the key; the header is the first dot-separated part.
    const auto header = base64url_decode(token.substr(0, token.find('.')));
    const auto header_json = json::parse(std::string(header.begin(), header.end())).as_object();
    const auto* kid = header_json.if_contains("kid");
    if (!kid || header_json.at("alg") != "RS256")
        return std::nullopt;
    for (const auto& key : jwks.at("keys").as_array()) {
        if (key.at("kid") != *kid)
            continue;
        const auto pem = pem_from_jwk(key.as_object());
        jwt_t* raw = nullptr;
        if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(pem.data()),
                       int(pem.size())) != 0)
            return std::nullopt;
        std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, jwt_free);
        if (jwt_get_alg(jwt.get()) != JWT_ALG_RS256)
            return std::nullopt;
        char* grants = jwt_get_grants_json(jwt.get(), nullptr);
        auto claims = json::parse(grants).as_object();
        std::free(grants);
        return claims;
    }
    return std::nullopt;
}

} // namespace gcm::test
