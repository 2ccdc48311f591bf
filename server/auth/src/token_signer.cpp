// TokenSigner (see token_signer.hpp): key handling with OpenSSL 3, tokens with libjwt.
#include "gcm/auth/token_signer.hpp"

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

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

constexpr auto token_lifetime = std::chrono::hours(1);
// Tokens are reused until they have less than half their life left.
constexpr auto token_renewal = std::chrono::minutes(30);

std::string base64url(const unsigned char* data, std::size_t size) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < size; i += 3) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i + 1 == size) {
        const unsigned v = data[i] << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
    } else if (i + 2 == size) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
    }
    return out;
}

std::vector<unsigned char> key_param(const EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    if (!EVP_PKEY_get_bn_param(key, name, &bn))
        throw std::runtime_error(std::string("cannot read RSA parameter ") + name);
    std::vector<unsigned char> out(BN_num_bytes(bn));
    BN_bn2bin(bn, out.data());
    BN_free(bn);
    return out;
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

} // namespace

struct TokenSigner::Impl {
    std::once_flag made;
    Key key{nullptr, EVP_PKEY_free};
    std::string private_pem;
    std::string public_pem;
    std::string kid;
    std::string n;
    std::string e;

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
        const auto modulus = key_param(key.get(), OSSL_PKEY_PARAM_RSA_N);
        const auto exponent = key_param(key.get(), OSSL_PKEY_PARAM_RSA_E);
        n = base64url(modulus.data(), modulus.size());
        e = base64url(exponent.data(), exponent.size());
        unsigned char digest[SHA256_DIGEST_LENGTH];
        SHA256(modulus.data(), modulus.size(), digest);
        kid = base64url(digest, 16);
    }

    void ensure() {
        std::call_once(made, [this] {
            if (!key)
                adopt(Key(EVP_RSA_gen(2048), EVP_PKEY_free));
        });
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
    const long issued =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const long expires =
        issued + std::chrono::duration_cast<std::chrono::seconds>(token_lifetime).count();
    jwt_t* raw = nullptr;
    if (jwt_new(&raw) != 0)
        throw std::runtime_error("jwt_new failed");
    std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, jwt_free);
    const std::string issuer(token_issuer);
    bool ok = jwt_add_grant(jwt.get(), "aud", audience.c_str()) == 0 &&
              jwt_add_grant(jwt.get(), "iss", issuer.c_str()) == 0 &&
              jwt_add_grant_int(jwt.get(), "iat", issued) == 0 &&
              jwt_add_grant_int(jwt.get(), "nbf", issued) == 0 &&
              jwt_add_grant_int(jwt.get(), "exp", expires) == 0 &&
              jwt_add_header(jwt.get(), "kid", impl_->kid.c_str()) == 0 &&
              jwt_set_alg(jwt.get(), JWT_ALG_RS256,
                          reinterpret_cast<const unsigned char*>(impl_->private_pem.data()),
                          static_cast<int>(impl_->private_pem.size())) == 0;
    if (ok && tenant)
        ok = jwt_add_grant(jwt.get(), "tid", tenant->c_str()) == 0;
    char* encoded = ok ? jwt_encode_str(jwt.get()) : nullptr;
    if (!encoded)
        throw std::runtime_error("cannot sign a notification token");
    std::string token(encoded);
    std::free(encoded);
    std::lock_guard lock(impl_->cache_mutex);
    impl_->cache[cache_key] = {token, now + token_renewal};
    return token;
}

boost::json::object TokenSigner::jwks() const {
    impl_->ensure();
    return boost::json::object{{"keys", boost::json::array{boost::json::object{{"kty", "RSA"},
                                                                               {"use", "sig"},
                                                                               {"alg", "RS256"},
                                                                               {"kid", impl_->kid},
                                                                               {"n", impl_->n},
                                                                               {"e", impl_->e}}}}};
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
