// Client certificates and assertions for tests (see client_assertion.hpp), with OpenSSL 3.
#include "client_assertion.hpp"

#include "gcm/auth/certificates.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdexcept>

namespace gcm::test {
namespace {

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

} // namespace

TestCertificate make_test_certificate() {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert)
        throw std::runtime_error("cannot make a test certificate");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 42);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("test bot"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509_sign(cert.get(), key.get(), EVP_sha256());
    std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(BIO_new(BIO_s_mem()), BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(cert_bio.get(), cert.get());
    PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return {bio_text(cert_bio.get()), bio_text(key_bio.get())};
}

std::string client_assertion(const TestCertificate& cert, const std::string& client_id,
                             const std::string& audience, AssertionAlg alg,
                             std::chrono::seconds lifetime) {
    const auto prints = auth::thumbprints_of(cert.certificate_pem).value();
    const bool pss = alg == AssertionAlg::ps256;
    boost::json::object header{{"alg", pss ? "PS256" : "RS256"}, {"typ", "JWT"}};
    if (pss)
        header["x5t#S256"] = prints.sha256;
    else
        header["x5t"] = prints.sha1;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    // As MSAL.NET writes them: nbf and exp as strings.
    boost::json::object claims{{"aud", audience},
                               {"iss", client_id},
                               {"sub", client_id},
                               {"jti", "test-" + std::to_string(now)},
                               {"nbf", std::to_string(now - 60)},
                               {"exp", std::to_string(now + lifetime.count())}};
    const auto input = auth::base64url(boost::json::serialize(header)) + "." +
                       auth::base64url(boost::json::serialize(claims));
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(cert.private_key_pem.data(), static_cast<int>(cert.private_key_pem.size())),
        BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX* pctx = nullptr;
    EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key.get());
    if (pss) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    std::size_t size = 0;
    EVP_DigestSign(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    std::string signature(size, '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    signature.resize(size);
    return input + "." + auth::base64url(signature);
}

} // namespace gcm::test
