// Owning handles for the OpenSSL objects the auth sources use, and reading a memory BIO.
// Private to server/auth.
#pragma once

#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string>

namespace gcm::auth {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

inline std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// A self-signed certificate for `key` (certificates.cpp): the JWKS names the notification
// signing key by its certificate's thumbprint (x5t), as the calling service's keys are named.
std::string self_signed_certificate_pem(EVP_PKEY* key, const std::string& common_name);

} // namespace gcm::auth
