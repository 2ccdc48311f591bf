// A client's side of certificate credentials, for testing the token authority: a self-signed RSA
// certificate, and client assertions (JWTs) signed with its key, RS256 or PS256, named by the
// certificate's thumbprint, as MSAL builds them.
#pragma once

#include <chrono>
#include <string>

namespace gcm::test {

struct TestCertificate {
    std::string certificate_pem;
    std::string private_key_pem;
};

TestCertificate make_test_certificate();

enum class AssertionAlg { rs256, ps256 };

std::string client_assertion(const TestCertificate& cert, const std::string& client_id,
                             const std::string& audience, AssertionAlg alg,
                             std::chrono::seconds lifetime = std::chrono::minutes(10));

} // namespace gcm::test
