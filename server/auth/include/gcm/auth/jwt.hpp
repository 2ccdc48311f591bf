// Reading JSON Web Tokens that others signed: the header and claims of a compact JWS, and its
// signature checked with OpenSSL against a key or a certificate (RS256, PS256 and ES256: MSAL.NET
// signs client assertions PS256, which libjwt 1.10 does not know).
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gcm::auth {

struct Jwt {
    boost::json::object header;
    boost::json::object claims;
    std::string signing_input; // "header.payload", as signed
    std::string signature;     // raw bytes
};

// Nothing when `token` is not three base64url parts with JSON objects for header and claims.
std::optional<Jwt> parse_jwt(std::string_view token);

// Whether the token's signature verifies with the public key in `pem` (a PUBLIC KEY, or a
// CERTIFICATE whose key is used), for the algorithm its header names.
bool signature_verifies(const Jwt& jwt, const std::string& pem);

// A claim as a string ("" when absent or not a string).
std::string string_claim(const boost::json::object& claims, std::string_view name);
// A time claim (exp, nbf, iat) in seconds; MSAL.NET writes them as strings, others as numbers.
std::optional<std::int64_t> time_claim(const boost::json::object& claims, std::string_view name);

} // namespace gcm::auth
