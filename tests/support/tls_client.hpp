// HTTPS for tests: one request to 127.0.0.1:port over TLS, trusting only the given CA and
// checking the certificate names `host_name` (SNI and name check), as a careful client would.
#pragma once

#include "http_client.hpp"

#include <string>
#include <string_view>

namespace gcm::test {

HttpResponse https_request(unsigned short port, const std::string& ca_pem, std::string_view method,
                           std::string_view target, std::string_view body = {},
                           const Headers& headers = {}, const std::string& host_name = "localhost");

} // namespace gcm::test
