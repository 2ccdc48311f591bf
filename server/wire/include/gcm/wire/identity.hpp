// The identity platform's side of the wire, for the mock as the bot's token authority: the app
// registrations a fixture declares (`_mock.apps`), the client-credentials request (form
// encoded), and the token endpoint's answers in the platform's shape.
#pragma once

#include "gcm/wire/decode.hpp"
#include "gcm/wire/fixtures.hpp"

#include <boost/json/object.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gcm::wire {

// An app the token authority knows: who it is, how it proves it, what it may do.
struct AppRegistration {
    std::string app_id;
    std::string display_name;
    std::optional<std::string> tenant_id;  // home tenant
    std::vector<std::string> secrets;      // client secrets
    std::vector<std::string> certificates; // PEM certificates for client assertions
    std::vector<std::string> roles;        // application permissions granted

    friend bool operator==(const AppRegistration&, const AppRegistration&) = default;
};

// The apps of a fixture document (`{"_mock": {"apps": [...]}}`): none when it declares none.
Decoded<std::vector<AppRegistration>> parse_apps(std::string_view text);
// The apps of a fixture file, or of every *.json file of a folder (as load_fixtures reads them).
boost::system::result<std::vector<AppRegistration>, FixtureError>
load_apps(const std::filesystem::path& where);

// A client-credentials token request (application/x-www-form-urlencoded).
struct TokenRequest {
    std::string grant_type;
    std::string client_id;
    std::string scope;
    std::optional<std::string> client_secret;
    std::optional<std::string> client_assertion_type;
    std::optional<std::string> client_assertion;
};

// Nothing when `form` is not a form-encoded body.
std::optional<TokenRequest> decode_token_request(std::string_view form);

// {"token_type": "Bearer", "expires_in", "ext_expires_in", "access_token"}
boost::json::object token_response(const std::string& access_token, std::int64_t expires_in);

// The platform's error: {"error", "error_description" ("AADSTS<code>: ..." with trace and
// correlation ids), "error_codes": [code], "timestamp", "trace_id", "correlation_id"}.
boost::json::object identity_error(std::string_view error, int code, std::string_view description,
                                   const std::string& trace_id, const std::string& timestamp);

} // namespace gcm::wire
