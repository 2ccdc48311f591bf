// The local CA and server certificate (see certificates.hpp), with OpenSSL 3's X509 API.
#include "gcm/auth/certificates.hpp"

#include "openssl_handles.hpp"

#include <array>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>
#include <stdexcept>

namespace gcm::auth {
namespace {

constexpr long ten_years = 10L * 365 * 24 * 3600;

Key ec_key() {
    Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    if (!key)
        throw std::runtime_error("cannot make an EC key");
    return key;
}

void check(int ok, const char* what) {
    if (ok != 1)
        throw std::runtime_error(std::string("cannot make the local certificates: ") + what);
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, decltype(&X509_EXTENSION_free)> ext(
        X509V3_EXT_conf_nid(nullptr, &ctx, nid, value), X509_EXTENSION_free);
    check(ext != nullptr, value);
    check(X509_add_ext(cert, ext.get(), -1), value);
}

// An unsigned certificate for `key` named `common_name`, issued by `issuer` (itself when
// null), with a random serial; the caller adds extensions and signs it.
Certificate make_certificate(EVP_PKEY* key, const std::string& common_name, X509* issuer) {
    Certificate cert(X509_new(), X509_free);
    check(X509_set_version(cert.get(), 2), "version");
    std::array<unsigned char, 16> serial{};
    check(RAND_bytes(serial.data(), static_cast<int>(serial.size())), "serial");
    serial[0] &= 0x7F; // positive
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(
        BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr), BN_free);
    check(BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) != nullptr, "serial");
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), ten_years);
    check(X509_set_pubkey(cert.get(), key), "public key");
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("graph-comms-mock"), -1,
                                     -1, 0),
          "organisation");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0),
          "common name");
    check(X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name),
          "issuer");
    return cert;
}

std::string pem_of(X509* cert) {
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    check(PEM_write_bio_X509(bio.get(), cert), "certificate PEM");
    return bio_text(bio.get());
}

std::string pem_of_key(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "key PEM");
    return bio_text(bio.get());
}

bool is_ip_address(const std::string& name) {
    return name.find(':') != std::string::npos ||
           name.find_first_not_of("0123456789.") == std::string::npos;
}

} // namespace

std::string self_signed_certificate_pem(EVP_PKEY* key, const std::string& common_name) {
    Certificate cert = make_certificate(key, common_name, nullptr);
    add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), cert.get(), NID_key_usage, "critical,digitalSignature");
    check(X509_sign(cert.get(), key, EVP_sha256()) > 0, "signature");
    return pem_of(cert.get());
}

TlsMaterial make_local_tls(const std::vector<std::string>& names) {
    Key ca_key = ec_key();
    Certificate ca = make_certificate(ca_key.get(), "graph-comms-mock local CA", nullptr);
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "CA signature");

    Key server_key = ec_key();
    const std::string first = names.empty() ? "localhost" : names.front();
    Certificate server = make_certificate(server_key.get(), first, ca.get());
    std::string san;
    for (const auto& name : names) {
        // Appended piece by piece: GCC 12 at -O3 raises a -Wrestrict false positive on the
        // equivalent chain of operator+.
        if (!san.empty())
            san += ',';
        san.append(is_ip_address(name) ? "IP:" : "DNS:").append(name);
    }
    add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid");
    if (!san.empty())
        add_extension(server.get(), ca.get(), NID_subject_alt_name, san.c_str());
    check(X509_sign(server.get(), ca_key.get(), EVP_sha256()) > 0, "server signature");

    const auto ca_pem = pem_of(ca.get());
    return {ca_pem, pem_of(server.get()) + ca_pem, pem_of_key(server_key.get())};
}

std::optional<Thumbprints> thumbprints_of(const std::string& certificate_pem) {
    Bio bio(BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())),
            BIO_free);
    Certificate cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    if (!cert)
        return std::nullopt;
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert.get(), &der);
    if (size <= 0)
        return std::nullopt;
    std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(
        der, [](unsigned char* p) { OPENSSL_free(p); });
    unsigned char sha1[SHA_DIGEST_LENGTH];
    unsigned char sha256[SHA256_DIGEST_LENGTH];
    SHA1(der, static_cast<std::size_t>(size), sha1);
    SHA256(der, static_cast<std::size_t>(size), sha256);
    std::string b64(4 * ((static_cast<std::size_t>(size) + 2) / 3), '\0');
    EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), der, size);
    return Thumbprints{base64url(sha1, sizeof sha1), base64url(sha256, sizeof sha256),
                       std::move(b64)};
}

std::string base64url(const unsigned char* data, std::size_t size) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((size * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 2 < size; i += 3) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        for (int shift : {18, 12, 6, 0})
            out += alphabet[(v >> shift) & 63];
    }
    if (i + 1 == size) {
        const unsigned v = data[i] << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
    } else if (i + 2 == size) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8);
        for (int shift : {18, 12, 6})
            out += alphabet[(v >> shift) & 63];
    }
    return out;
}

std::string base64url(const std::string& bytes) {
    return base64url(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::optional<std::string> base64url_decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '-' || c == '+')
            return 62;
        if (c == '_' || c == '/')
            return 63;
        return -1;
    };
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value(c);
        if (v < 0)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

} // namespace gcm::auth
