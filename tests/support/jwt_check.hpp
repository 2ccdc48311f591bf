// Verifies a notification's Bearer token the way a bot would: fetch the OpenID configuration,
// then the JWKS it names, build the RSA key from n and e, check the RS256 signature (libjwt).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

namespace gcm::test {

// The token's claims when its signature verifies with the key of `jwks` named by its kid;
// nothing otherwise.
std::optional<boost::json::object> verified_claims(const std::string& token,
                                                   const boost::json::object& jwks);

} // namespace gcm::test
