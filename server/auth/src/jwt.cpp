// Reading and verifying JWTs with OpenSSL (see jwt.hpp).
#include "gcm/auth/jwt.hpp"

#include "gcm/auth/certificates.hpp"
#include "openssl_handles.hpp"

#include <boost/json/parse.hpp>
#include <charconv>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <vector>

namespace json = boost::json;

namespace gcm::auth {
namespace {

std::optional<json::object> object_of(std::string_view part) {
    auto text = base64url_decode(part);
    if (!text)
        return std::nullopt;
    boost::system::error_code ec;
    auto value = json::parse(*text, ec);
    if (ec || !value.is_object())
        return std::nullopt;
    return std::move(value.as_object());
}

Key public_key_of(const std::string& pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (pem.find("BEGIN CERTIFICATE") != std::string::npos) {
        Certificate cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
        return Key(cert ? X509_get_pubkey(cert.get()) : nullptr, EVP_PKEY_free);
    }
    return Key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
}

// JOSE's ES256 signature is r||s (32 bytes each); OpenSSL verifies DER.
std::optional<std::string> ecdsa_der(const std::string& raw) {
    if (raw.size() != 64)
        return std::nullopt;
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
    BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
    BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
    if (!r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    unsigned char* der = nullptr;
    const int size = i2d_ECDSA_SIG(sig.get(), &der);
    if (size <= 0)
        return std::nullopt;
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
    OPENSSL_free(der);
    return out;
}

} // namespace

std::optional<Jwt> parse_jwt(std::string_view token) {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        return std::nullopt;
    auto header = object_of(token.substr(0, first));
    auto claims = object_of(token.substr(first + 1, second - first - 1));
    auto signature = base64url_decode(token.substr(second + 1));
    if (!header || !claims || !signature)
        return std::nullopt;
    return Jwt{std::move(*header), std::move(*claims), std::string(token.substr(0, second)),
               std::move(*signature)};
}

bool signature_verifies(const Jwt& jwt, const std::string& pem) {
    const auto alg = string_claim(jwt.header, "alg");
    const bool pss = alg == "PS256";
    const bool ecdsa = alg == "ES256";
    if (alg != "RS256" && !pss && !ecdsa)
        return false;
    Key key = public_key_of(pem);
    if (!key)
        return false;
    const bool rsa_key = EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA;
    if (rsa_key == ecdsa)
        return false; // the algorithm does not fit the key
    std::string signature = jwt.signature;
    if (ecdsa) {
        auto der = ecdsa_der(signature);
        if (!der)
            return false;
        signature = std::move(*der);
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX* pctx = nullptr;
    if (EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key.get()) != 1)
        return false;
    if (pss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1))
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(jwt.signing_input.data()),
                            jwt.signing_input.size()) == 1;
}

std::string string_claim(const json::object& claims, std::string_view name) {
    const auto* v = claims.if_contains(name);
    return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

std::optional<std::int64_t> time_claim(const json::object& claims, std::string_view name) {
    const auto* v = claims.if_contains(name);
    if (!v)
        return std::nullopt;
    if (v->is_int64())
        return v->get_int64();
    if (v->is_uint64())
        return static_cast<std::int64_t>(v->get_uint64());
    if (v->is_double())
        return static_cast<std::int64_t>(v->get_double());
    if (const auto* s = v->if_string()) {
        std::int64_t n = 0;
        auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
        if (ec == std::errc{} && end == s->data() + s->size())
            return n;
    }
    return std::nullopt;
}

} // namespace gcm::auth
