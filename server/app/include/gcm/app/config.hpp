// What the application needs to know from the command line.
#pragma once

#include "gcm/state/ids.hpp"
#include "gcm/state/settings.hpp"
#include "gcm/wire/fixtures.hpp"
#include "gcm/wire/identity.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gcm::app {

// none: any request; bearer: any Bearer token; jwt: a token of the mock's own authority, checked
// (signature, lifetime, audience, tenant, and the roles each route takes).
enum class AuthMode { none, bearer, jwt };
std::string_view to_string(AuthMode mode) noexcept;
std::optional<AuthMode> auth_mode_from_string(std::string_view name) noexcept;

// Every application permission of the calls API (the default app holds them all).
std::vector<std::string> calling_roles();

struct AppConfig {
    // Base of Location headers and @odata.context; empty = "http://" + the request's Host.
    std::string public_url;
    AuthMode auth = AuthMode::bearer;
    state::EngineSettings engine;
    // The calls every namespace starts with, and returns to on reset.
    wire::Fixture fixture;
    // The same, already shared (the command line's: its calls at rest stay frozen until
    // touched); when set, `fixture` is not used. Every namespace shares it.
    std::shared_ptr<const state::Snapshot> snapshot;
    std::size_t journal_capacity = 10000;
    // What one namespace's journal may hold, in bytes (journal.cpp's entry_bytes): past it the
    // oldest entries go, as past journal_capacity entries. Bodies are what make entries big.
    std::size_t journal_bytes = 16 * 1024 * 1024;
    // GET /_mock/events: how many entries a client may leave unread before it is told
    // `overflow` and disconnected (the API never waits for it), and how long a quiet stream
    // waits before it writes a keep-alive comment.
    std::size_t event_queue_limit = 1024;
    std::chrono::milliseconds event_keep_alive{15000};
    // Where notifications go for calls without a callbackUri (incoming calls, fixtures).
    std::string default_callback_uri;
    bool notifications = true;
    std::size_t max_namespaces = 256;
    // The apps the token authority knows (a fixture's `_mock.apps`; the default app when none).
    std::vector<wire::AppRegistration> apps;
    // The audience and tenant of a notification token when the call names none of its own.
    std::string bot_app_id = "2891555a-92ff-42e6-80fa-6e1300c6b5c6";
    std::string tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    // Under --auth jwt, a call answers only the application it belongs to, in its tenant (see
    // call_ownership.hpp); off for suites whose apps share each other's calls.
    bool call_ownership = true;
    // How long the access tokens of the token authority are valid.
    std::chrono::seconds access_token_lifetime{3599};
    // The local CA's certificate (PEM) that signs the server's TLS certificate, served at
    // GET /_mock/ca.pem; empty when TLS is off or the certificate was given (--tls-cert).
    std::string tls_ca_pem;
    // Where each namespace's engine takes its ids: fresh random ones when empty. Tests (and
    // --seed) give one that repeats, so a created call's ids are known in advance.
    std::function<state::IdSource(std::string_view namespace_name)> id_source;
    // --seed: also what fault rules without a seed of their own draw from (per namespace).
    std::optional<std::uint64_t> seed;
    // A named namespace without a request for this long is deleted; zero: never.
    std::chrono::milliseconds namespace_idle{600000};
    // When not empty, the control plane (but its open routes: health, the keys and the CA) takes
    // only requests with "Authorization: Bearer <admin_token>".
    std::string admin_token;
};

} // namespace gcm::app
