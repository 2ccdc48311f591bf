// Certificates the mock makes for itself (OpenSSL 3): a local CA and a server certificate it
// signs, so clients that insist on https (the Communications SDK, MSAL, the sample bots' token
// validation) can talk to the mock once they trust that one CA; and what callers need to know of
// a certificate (its public key, its thumbprints).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gcm::auth {

struct TlsMaterial {
    std::string ca_certificate_pem;     // what a client trusts (GET /_mock/ca.pem)
    std::string server_certificate_pem; // the leaf, then the CA: the chain the server presents
    std::string server_key_pem;
};

// A fresh CA (EC P-256, valid ten years) and a server certificate it signs for `names` (DNS
// names and IP addresses, e.g. "localhost", "127.0.0.1", "::1").
TlsMaterial make_local_tls(const std::vector<std::string>& names);

// The DER thumbprints of the first certificate in `pem`, base64url, as JWTs name certificates:
// "x5t" (SHA-1) and "x5t#S256" (SHA-256); and the DER itself as standard base64 ("x5c").
struct Thumbprints {
    std::string sha1;
    std::string sha256;
    std::string der_base64;
};
// Nothing when `certificate_pem` holds no PEM certificate.
std::optional<Thumbprints> thumbprints_of(const std::string& certificate_pem);

// base64url without padding, as JOSE writes it, and back (nothing when `text` is not base64url).
std::string base64url(const unsigned char* data, std::size_t size);
std::string base64url(const std::string& bytes);
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace gcm::auth
