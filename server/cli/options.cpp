// Command-line parsing (see options.hpp). Every default comes from the settings structs
// themselves (ServerOptions{}, NotifierOptions{}, EngineSettings{}, AppConfig{}), so the help
// text, the flags table of docs/flags.md (checked by a test) and the code cannot disagree.
#include "options.hpp"

#include "gcm/wire/fixtures.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/program_options.hpp>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <sstream>

namespace po = boost::program_options;

namespace gcm::cli {
namespace {

constexpr std::string_view env_prefix = "GRAPH_MOCK_";
// The default app's secret: a fixed, documented one, so a bot's settings can say it.
constexpr std::string_view default_app_secret = "graph-comms-mock-secret";

using Millis = std::chrono::milliseconds;

// A duration flag in milliseconds, defaulting to `value`.
po::typed_value<std::uint64_t>* millis(Millis value) {
    return po::value<std::uint64_t>()->default_value(static_cast<std::uint64_t>(value.count()));
}

Millis millis_of(const po::variables_map& vm, const char* name) {
    return Millis{vm[name].as<std::uint64_t>()};
}

po::options_description describe() {
    const http::ServerOptions server{};
    const http::NotifierOptions notify{};
    const state::EngineSettings engine{};
    const app::AppConfig app{};
    const Settings settings{};
    const auto backoff_help = "wait before the first retry; doubled each time, at most " +
                              std::to_string(notify.max_backoff.count()) + " ms";
    po::options_description d(
        "graph-comms-mock: a local emulator of the Microsoft Graph calls API\n"
        "Options (each also as GRAPH_MOCK_<NAME>, e.g. GRAPH_MOCK_PORT)");
    // clang-format off
    d.add_options()
        ("help", "print this help and exit")
        ("version", "print the version and exit")
        ("healthcheck", "ask the server on --bind/--port (127.0.0.1 for 0.0.0.0) for GET /_mock/health; exit 0 if it answers 200 \"status\": \"ok\" within 2 s, else 1")
        ("bind", po::value<std::string>()->default_value(server.bind), "address to listen on")
        ("port", po::value<unsigned short>()->default_value(server.port), "port to listen on; 0 picks a free one")
        ("fixtures", po::value<std::string>(), "fixture file, or folder of *.json (default: the built-in fixtures/default.json)")
        ("threads", po::value<unsigned>()->default_value(server.threads), "I/O threads (1-64)")
        ("public-url", po::value<std::string>()->default_value(app.public_url), "base URL of Location headers and @odata.context (default: http://<Host header>)")
        ("auth", po::value<std::string>()->default_value(std::string(app::to_string(app.auth))), "none | bearer: require 'Authorization: Bearer <token>' on Graph calls | jwt: require a token of the mock's own authority, with the roles each endpoint takes")
        ("no-call-ownership", po::bool_switch(), "under --auth jwt, let a token of any app and tenant act on any call (by default a call answers only the app that created or answered it, in its tenant: 404 8522 to another app, 403 7505 to another tenant)")
        ("strict", po::bool_switch(), "reject misuse the Graph docs leave open (second hold, ...) instead of journaling a warning")
        ("enum-case", po::value<std::string>()->default_value(engine.schema_enum_case ? "schema" : "pages"), "pages: operation status as the reference pages show it (\"running\"; the invite's \"Running\", kept to its end) | schema: as the metadata declares it (\"Running\") everywhere, for SDKs generated from it")
        ("no-media-state-notifications", po::bool_switch(), "do not send the updated with mediaState.audio \"active\" that follows established")
        ("seed", po::value<std::uint64_t>(), "draw every id (calls, participants, operations, ...) from this seed, so runs repeat (default: random ids)")
        ("log-format", po::value<std::string>()->default_value(std::string(app::to_string(settings.log_format))), "text | json")
        ("max-body-bytes", po::value<std::size_t>()->default_value(server.body_limit), "largest request body; larger gets 413")
        ("max-fixture-bytes", po::value<std::size_t>()->default_value(server.fixture_body_limit), "largest body of PUT /_mock/fixtures (a saved state to load back); larger gets 413")
        ("max-connections", po::value<std::size_t>()->default_value(server.max_connections), "open connections at most; beyond, 503 and close")
        ("no-tls", po::bool_switch(), "plain HTTP only (by default TLS is served on the same port, told apart per connection)")
        ("tls-cert", po::value<std::string>(), "PEM file of the server's certificate (chain); with --tls-key (default: a local CA, made at start, signs one)")
        ("tls-key", po::value<std::string>(), "PEM file of the server certificate's private key")
        ("tls-names", po::value<std::string>()->default_value(""), "more names for the made certificate, comma-separated (it always has localhost, 127.0.0.1, ::1)")
        ("tls-ca-out", po::value<std::string>(), "write the local CA's certificate (PEM) here at start, to trust it before the first call (also at GET /_mock/ca.pem)")
        ("read-timeout-ms", millis(server.read_timeout), "how long a connection may take to send a request")
        ("shutdown-grace-ms", millis(server.shutdown_grace), "on SIGTERM/SIGINT, how long in-flight requests, then queued notifications, may still take")
        ("hold-music-ms", millis(engine.hold_music_start), "how long startHoldMusic stays running")
        ("invite-answer-ms", millis(engine.default_invitee.after), "when invitees answer, unless a fixture says otherwise")
        ("invite-ring-timeout-ms", millis(engine.ring_timeout), "when an unanswered invitation fails")
        ("call-setup-ms", millis(engine.call_setup), "how long a created or answered call stays establishing")
        ("call-teardown-ms", millis(engine.call_teardown), "how long a hung-up call stays terminating (and a redirected one redirecting)")
        ("transfer-step-ms", millis(engine.transfer_step), "time between transferring, transferAccepted and the end of a transfer")
        ("media-operation-ms", millis(engine.media_operation), "how long playPrompt, recordResponse, sendDtmfTones and addLargeGalleryView run")
        ("keepalive-window-ms", millis(engine.keepalive_window), "a call without keepAlive for this long ends with 408/8537")
        ("recording-base-url", po::value<std::string>()->default_value(engine.recording_base_url), "where recordResponse says recordings are")
        ("incoming-timeout-ms", millis(engine.incoming_timeout), "an incoming call nobody answers ends after this long (408/1106)")
        ("default-callback-uri", po::value<std::string>()->default_value(app.default_callback_uri), "where notifications go for calls without a callbackUri")
        ("bot-app-id", po::value<std::string>()->default_value(app.bot_app_id), "the bot's application id when a call names none: the audience of its notification tokens, and the default app of the token authority")
        ("bot-app-secret", po::value<std::string>()->default_value(std::string(default_app_secret)), "the default app's client secret (the token authority's, when the fixture declares no apps)")
        ("tenant-id", po::value<std::string>()->default_value(app.tenant_id), "the tenant of notification tokens and access tokens when nothing names one")
        ("notification-issuer", po::value<std::string>()->default_value(std::string(auth::default_notification_issuer)), "the iss of notification tokens (https://api.botframework.com or https://graph.microsoft.com, as sample bots accept)")
        ("access-token-lifetime-s", po::value<std::int64_t>()->default_value(app.access_token_lifetime.count()), "how long the token authority's access tokens are valid")
        ("no-notifications", po::bool_switch(), "do not POST notifications to callbackUris")
        ("notify-delay-ms", millis(notify.delay), "delay before a notification's first attempt")
        ("notify-jitter-ms", millis(notify.jitter), "random extra delay, up to this")
        ("notify-attempts", po::value<unsigned>()->default_value(notify.max_attempts), "attempts per notification (retried on connection errors, timeouts, 408, 429, 5xx)")
        ("notify-timeout-ms", millis(notify.attempt_timeout), "timeout of one attempt")
        ("notify-backoff-ms", millis(notify.first_backoff), backoff_help.c_str())
        ("notify-max-pending", po::value<std::size_t>()->default_value(notify.max_pending), "notifications queued at most; beyond, they are dropped and journaled")
        ("notify-connections", po::value<std::size_t>()->default_value(notify.connections_per_host), "kept-alive connections per callback host (reused; one request at a time on each)")
        ("signing-key", po::value<std::string>(), "PEM RSA private key that signs notification tokens (default: a fresh key)")
        ("invite-cancel-code", po::value<int>()->default_value(engine.invitation_cancelled.code), "resultInfo.code of an invitation cancelled by DELETE")
        ("invite-cancel-subcode", po::value<int>()->default_value(engine.invitation_cancelled.subcode), "resultInfo.subcode of an invitation cancelled by DELETE")
        ("max-operations-per-call", po::value<std::size_t>()->default_value(engine.max_operations_per_call), "operations kept per call; the oldest finished ones go first")
        ("journal-size", po::value<std::size_t>()->default_value(app.journal_capacity), "journal entries kept per namespace")
        ("journal-bytes", po::value<std::size_t>()->default_value(app.journal_bytes), "bytes the journal keeps per namespace (bodies, targets, headers); past them, the oldest entries go")
        ("event-queue", po::value<std::size_t>()->default_value(app.event_queue_limit), "entries a /_mock/events client may leave unread; beyond, it gets 'event: overflow' and is disconnected")
        ("max-namespaces", po::value<std::size_t>()->default_value(app.max_namespaces), "namespaces (/_ns/{name}) that may exist at once")
        ("namespace-idle-ms", millis(app.namespace_idle), "a namespace without a request for this long is deleted, as DELETE /_ns/{name} does; 0: never")
        ("admin-token", po::value<std::string>()->default_value(app.admin_token), "require 'Authorization: Bearer <token>' on /_mock (but for health, the keys and the CA); needed when --bind is not loopback")
        ("insecure-admin", po::bool_switch(), "let the server listen beyond loopback without --admin-token (an open /_mock: only on private networks)");
    // clang-format on
    // State that survives a restart.
    // clang-format off
    d.add_options()
        ("data-dir", po::value<std::string>(), "save every namespace (calls, persistent fault rules, journal sequence) in this folder, and load them from it at start (default: nothing survives a restart)")
        ("data-interval-ms", millis(settings.data_interval), "with --data-dir, how often the namespaces that changed are saved (also on SIGTERM/SIGINT)");
    // clang-format on
    return d;
}

// Each reader fills one settings struct from the parsed flags, or says what is wrong.
using Problem = std::optional<std::string>;

// The values each numeric flag may take. Program_options would read "-5" into an unsigned flag
// as a huge number (lexical_cast wraps it), so the text is checked against these first.
struct NumericRange {
    std::string_view flag;
    std::uint64_t low, high;
};
constexpr std::uint64_t day_ms = 86'400'000;
constexpr std::array numeric_ranges{
    NumericRange{"port", 0, 65535},
    NumericRange{"threads", 1, 64},
    NumericRange{"seed", 0, std::numeric_limits<std::uint64_t>::max()},
    NumericRange{"max-body-bytes", 1, 1ull << 30},
    NumericRange{"max-connections", 1, 1'000'000},
    NumericRange{"read-timeout-ms", 1, day_ms},
    NumericRange{"shutdown-grace-ms", 0, day_ms},
    NumericRange{"hold-music-ms", 0, day_ms},
    NumericRange{"invite-answer-ms", 0, day_ms},
    NumericRange{"invite-ring-timeout-ms", 0, day_ms},
    NumericRange{"call-setup-ms", 0, day_ms},
    NumericRange{"call-teardown-ms", 0, day_ms},
    NumericRange{"transfer-step-ms", 0, day_ms},
    NumericRange{"media-operation-ms", 0, day_ms},
    NumericRange{"keepalive-window-ms", 1, day_ms},
    NumericRange{"incoming-timeout-ms", 0, day_ms},
    NumericRange{"access-token-lifetime-s", 1, 86'400},
    NumericRange{"notify-delay-ms", 0, day_ms},
    NumericRange{"notify-jitter-ms", 0, day_ms},
    NumericRange{"notify-attempts", 1, 100},
    NumericRange{"notify-timeout-ms", 1, day_ms},
    NumericRange{"notify-backoff-ms", 0, day_ms},
    NumericRange{"notify-max-pending", 1, 100'000'000},
    NumericRange{"notify-connections", 1, 1024},
    NumericRange{"invite-cancel-code", 0, 999},
    NumericRange{"invite-cancel-subcode", 0, std::uint64_t(std::numeric_limits<int>::max())},
    NumericRange{"max-operations-per-call", 1, 100'000},
    NumericRange{"journal-size", 1, 10'000'000},
    NumericRange{"journal-bytes", 4096, 1ull << 40},
    NumericRange{"max-fixture-bytes", 1, 1ull << 32},
    NumericRange{"data-interval-ms", 1, day_ms},
    NumericRange{"event-queue", 1, 1'000'000},
    NumericRange{"max-namespaces", 1, 100'000},
    NumericRange{"namespace-idle-ms", 0, 7 * day_ms},
};

// GRAPH_MOCK_NOTIFY_DELAY_MS for notify-delay-ms.
std::string variable_of_option(std::string_view option) {
    std::string variable(env_prefix);
    for (char c : option)
        variable += c == '-' ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
    return variable;
}

// Where a value came from, as a message names it: the flag, or the environment variable.
std::string source_of(std::string_view option, bool from_environment) {
    return from_environment ? variable_of_option(option) : "--" + std::string(option);
}

// Every numeric value given (on the command line, or in the environment) within its flag's range.
Problem check_numbers(const po::parsed_options& given, bool from_environment) {
    for (const auto& option : given.options) {
        const auto range =
            std::find_if(numeric_ranges.begin(), numeric_ranges.end(),
                         [&](const NumericRange& r) { return r.flag == option.string_key; });
        if (range == numeric_ranges.end() || option.value.empty())
            continue;
        const auto& text = option.value.front();
        std::uint64_t number = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec != std::errc{} || end != text.data() + text.size() || number < range->low ||
            number > range->high)
            return source_of(option.string_key, from_environment) +
                   " must be a whole number from " + std::to_string(range->low) + " to " +
                   std::to_string(range->high) + ", not '" + text + "'";
    }
    return std::nullopt;
}

Problem read_tls(const po::variables_map& vm, http::TlsOptions& t) {
    t.enabled = !vm["no-tls"].as<bool>();
    if (vm.count("tls-cert"))
        t.certificate_file = vm["tls-cert"].as<std::string>();
    if (vm.count("tls-key"))
        t.key_file = vm["tls-key"].as<std::string>();
    if (t.certificate_file.empty() != t.key_file.empty())
        return "--tls-cert and --tls-key go together";
    std::stringstream names(vm["tls-names"].as<std::string>());
    for (std::string name; std::getline(names, name, ',');)
        if (!name.empty())
            t.names.push_back(name);
    if (vm.count("tls-ca-out"))
        t.ca_out = vm["tls-ca-out"].as<std::string>();
    return std::nullopt;
}

Problem read_server(const po::variables_map& vm, http::ServerOptions& s) {
    s.bind = vm["bind"].as<std::string>();
    s.port = vm["port"].as<unsigned short>();
    s.threads = vm["threads"].as<unsigned>();
    if (s.threads < 1 || s.threads > 64)
        return "--threads must be between 1 and 64";
    s.body_limit = vm["max-body-bytes"].as<std::size_t>();
    s.fixture_body_limit = vm["max-fixture-bytes"].as<std::size_t>();
    s.read_timeout = millis_of(vm, "read-timeout-ms");
    s.max_connections = vm["max-connections"].as<std::size_t>();
    s.shutdown_grace = millis_of(vm, "shutdown-grace-ms");
    return read_tls(vm, s.tls);
}

Problem read_notifier(const po::variables_map& vm, http::NotifierOptions& n) {
    n.delay = millis_of(vm, "notify-delay-ms");
    n.jitter = millis_of(vm, "notify-jitter-ms");
    n.max_attempts = vm["notify-attempts"].as<unsigned>();
    n.attempt_timeout = millis_of(vm, "notify-timeout-ms");
    n.first_backoff = millis_of(vm, "notify-backoff-ms");
    n.max_pending = vm["notify-max-pending"].as<std::size_t>();
    n.connections_per_host = vm["notify-connections"].as<std::size_t>();
    return std::nullopt;
}

Problem read_engine(const po::variables_map& vm, state::EngineSettings& e) {
    e.strict = vm["strict"].as<bool>();
    const auto enum_case = vm["enum-case"].as<std::string>();
    if (enum_case != "pages" && enum_case != "schema")
        return "--enum-case must be pages or schema";
    e.schema_enum_case = enum_case == "schema";
    e.media_state_notifications = !vm["no-media-state-notifications"].as<bool>();
    e.hold_music_start = millis_of(vm, "hold-music-ms");
    e.default_invitee.after = millis_of(vm, "invite-answer-ms");
    e.ring_timeout = millis_of(vm, "invite-ring-timeout-ms");
    e.incoming_timeout = millis_of(vm, "incoming-timeout-ms");
    e.call_setup = millis_of(vm, "call-setup-ms");
    e.call_teardown = millis_of(vm, "call-teardown-ms");
    e.transfer_step = millis_of(vm, "transfer-step-ms");
    e.media_operation = millis_of(vm, "media-operation-ms");
    e.keepalive_window = millis_of(vm, "keepalive-window-ms");
    e.recording_base_url = vm["recording-base-url"].as<std::string>();
    e.invitation_cancelled.code = vm["invite-cancel-code"].as<int>();
    e.invitation_cancelled.subcode = vm["invite-cancel-subcode"].as<int>();
    e.max_operations_per_call = vm["max-operations-per-call"].as<std::size_t>();
    return std::nullopt;
}

Problem read_fixture(const po::variables_map& vm, std::shared_ptr<const state::Snapshot>& fixture,
                     std::vector<wire::AppRegistration>& apps) {
    if (vm.count("fixtures")) {
        const auto where = vm["fixtures"].as<std::string>();
        // Shared by every namespace; the calls at rest stay frozen until first touched.
        auto loaded = wire::load_fixture_snapshot(where);
        if (!loaded)
            return "--fixtures: " + loaded.error().describe();
        fixture = std::make_shared<const state::Snapshot>(std::move(*loaded));
        auto declared = wire::load_apps(where);
        if (!declared)
            return "--fixtures: " + declared.error().describe();
        apps = std::move(*declared);
        return std::nullopt;
    }
    auto parsed = wire::parse_fixture_snapshot(default_fixture_text());
    if (!parsed)
        return "built-in fixtures/default.json: " + parsed.error().describe();
    fixture = std::make_shared<const state::Snapshot>(std::move(*parsed));
    auto declared = wire::parse_apps(default_fixture_text());
    if (!declared)
        return "built-in fixtures/default.json: " + declared.error().describe();
    apps = std::move(*declared);
    return std::nullopt;
}

// When the fixture declares no apps, the token authority knows one: the bot's, with every
// calling role.
void add_default_app(const po::variables_map& vm, app::AppConfig& a) {
    if (!a.apps.empty())
        return;
    a.apps.push_back({a.bot_app_id,
                      "graph-comms-mock bot",
                      a.tenant_id,
                      {vm["bot-app-secret"].as<std::string>()},
                      {},
                      app::calling_roles()});
}

Problem read_app(const po::variables_map& vm, app::AppConfig& a) {
    a.public_url = vm["public-url"].as<std::string>();
    while (!a.public_url.empty() && a.public_url.back() == '/')
        a.public_url.pop_back();
    if (!a.public_url.empty() && !a.public_url.starts_with("http://") &&
        !a.public_url.starts_with("https://"))
        return "--public-url must start with http:// or https://";
    const auto auth = vm["auth"].as<std::string>();
    const auto mode = app::auth_mode_from_string(auth);
    if (!mode)
        return "--auth must be none, bearer or jwt, not '" + auth + "'";
    a.auth = *mode;
    a.call_ownership = !vm["no-call-ownership"].as<bool>();
    a.default_callback_uri = vm["default-callback-uri"].as<std::string>();
    a.notifications = !vm["no-notifications"].as<bool>();
    a.journal_capacity = vm["journal-size"].as<std::size_t>();
    a.journal_bytes = vm["journal-bytes"].as<std::size_t>();
    a.event_queue_limit = vm["event-queue"].as<std::size_t>();
    if (a.event_queue_limit == 0)
        return "--event-queue must be 1 or more";
    a.max_namespaces = vm["max-namespaces"].as<std::size_t>();
    a.namespace_idle = millis_of(vm, "namespace-idle-ms");
    a.admin_token = vm["admin-token"].as<std::string>();
    if (vm.count("seed")) {
        // Each namespace draws from its own sequence, so one namespace's ids do not depend on
        // what another did.
        const auto seed = vm["seed"].as<std::uint64_t>();
        a.id_source = [seed](std::string_view name) {
            return state::seeded_ids(state::seed_for(seed, name));
        };
        a.seed = seed;
    }
    a.bot_app_id = vm["bot-app-id"].as<std::string>();
    a.tenant_id = vm["tenant-id"].as<std::string>();
    const auto lifetime = vm["access-token-lifetime-s"].as<std::int64_t>();
    if (lifetime < 1)
        return "--access-token-lifetime-s must be at least 1";
    a.access_token_lifetime = std::chrono::seconds(lifetime);
    if (auto problem = read_engine(vm, a.engine))
        return problem;
    if (auto problem = read_fixture(vm, a.snapshot, a.apps))
        return problem;
    add_default_app(vm, a);
    return std::nullopt;
}

Problem read_logging(const po::variables_map& vm, app::LogFormat& format) {
    const auto log = vm["log-format"].as<std::string>();
    if (log == "text")
        format = app::LogFormat::text;
    else if (log == "json")
        format = app::LogFormat::json;
    else
        return "--log-format must be text or json, not '" + log + "'";
    return std::nullopt;
}

Problem read_signer(const po::variables_map& vm, auth::TokenSigner& signer) {
    if (vm.count("signing-key")) {
        auto loaded = auth::TokenSigner::from_pem_file(vm["signing-key"].as<std::string>());
        if (!loaded)
            return "--signing-key: " + loaded.error();
        signer = std::move(*loaded);
    }
    signer.set_notification_issuer(vm["notification-issuer"].as<std::string>());
    return std::nullopt;
}

Problem read_data_dir(const po::variables_map& vm, Settings& s) {
    if (vm.count("data-dir"))
        s.data_dir = vm["data-dir"].as<std::string>();
    if (vm.count("data-dir") && s.data_dir.empty())
        return "--data-dir must name a folder";
    s.data_interval = millis_of(vm, "data-interval-ms");
    if (s.data_interval.count() < 1)
        return "--data-interval-ms must be 1 or more";
    return std::nullopt;
}

// Beyond loopback, anyone who reaches the port could reset, fault or read the control plane:
// it takes a token there, unless --insecure-admin says the network is private.
Problem check_exposure(const po::variables_map& vm, const Settings& s) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(s.server.bind, ec);
    if (ec)
        return "--bind must be an IP address, not '" + s.server.bind + "'";
    if (address.is_loopback() || !s.app.admin_token.empty() || vm["insecure-admin"].as<bool>())
        return std::nullopt;
    return "--bind " + s.server.bind +
           " exposes the control plane (/_mock) beyond this machine: give --admin-token, or "
           "--insecure-admin on a private network";
}

ParseResult fail(std::string message) {
    ParseResult r;
    r.action = ParseResult::Action::fail;
    r.message = std::move(message);
    return r;
}

ParseResult print(std::string text) {
    ParseResult r;
    r.action = ParseResult::Action::print_and_exit;
    r.message = std::move(text);
    return r;
}

// GRAPH_MOCK_NOTIFY_DELAY_MS -> notify-delay-ms, for the flags that exist.
std::string option_of_variable(const po::options_description& d, const std::string& variable) {
    if (!variable.starts_with(env_prefix))
        return {};
    std::string option = variable.substr(env_prefix.size());
    for (auto& c : option)
        c = c == '_' ? '-' : char(std::tolower(static_cast<unsigned char>(c)));
    return d.find_nothrow(option, false) ? option : std::string{};
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// A GRAPH_MOCK_* variable that is no flag's, most likely misspelled: one line naming it, and the
// closest flag variable when one is near. (GRAPH_MOCK_HOST_PORT is the compose files' own.)
std::optional<std::string> unknown_variable_warning(const po::options_description& d,
                                                    std::string_view variable) {
    if (variable == "GRAPH_MOCK_HOST_PORT")
        return std::nullopt;
    std::string closest;
    std::size_t distance = 4; // farther than this is no suggestion
    for (const auto& option : d.options()) {
        const auto candidate = variable_of_option(option->long_name());
        if (const auto k = edit_distance(variable, candidate); k < distance)
            closest = candidate, distance = k;
    }
    return std::string(variable) + " is not a graph-comms-mock setting; ignored" +
           (closest.empty() ? std::string() : " (did you mean " + closest + "?)");
}

// Reads the GRAPH_MOCK_* variables of the flags not given on the command line; warns of the
// others. A value the variable holds that is wrong is named by the variable, not the flag.
Problem store_environment(const po::options_description& d, po::variables_map& vm,
                          std::vector<std::string>& warnings) {
    try {
        std::vector<std::string> unknown;
        const auto parsed = po::parse_environment(d, [&](const std::string& variable) {
            auto option = option_of_variable(d, variable);
            if (option.empty() && variable.starts_with(env_prefix))
                unknown.push_back(variable);
            return option;
        });
        for (const auto& variable : unknown)
            if (auto warning = unknown_variable_warning(d, variable))
                warnings.push_back(std::move(*warning));
        if (auto problem = check_numbers(parsed, true))
            return problem;
        po::store(parsed, vm);
    } catch (const po::error_with_option_name& e) {
        auto option = e.get_option_name();
        while (option.starts_with('-'))
            option.erase(0, 1);
        return variable_of_option(option) + ": " + e.what();
    }
    return std::nullopt;
}

ParseResult parse(int argc, const char* const argv[], std::vector<std::string>& warnings) {
    const auto description = describe();
    po::variables_map vm;
    try {
        const auto given = po::parse_command_line(argc, argv, description);
        if (auto problem = check_numbers(given, false))
            return fail(std::move(*problem));
        po::store(given, vm);
        if (auto problem = store_environment(description, vm, warnings))
            return fail(std::move(*problem));
        po::notify(vm);
    } catch (const po::error& e) {
        return fail(std::string(e.what()) + " (see --help)");
    }
    if (vm.count("help")) {
        std::ostringstream out;
        out << description;
        return print(out.str());
    }
    if (vm.count("version"))
        return print("graph-comms-mock " GCM_VERSION "\n");

    ParseResult r;
    auto& s = r.settings;
    if (vm.count("healthcheck")) {
        // Before the fixtures and the signing key: a probe needs only the address.
        s.server.bind = vm["bind"].as<std::string>();
        s.server.port = vm["port"].as<unsigned short>();
        r.action = ParseResult::Action::healthcheck;
        return r;
    }
    // One reader per settings struct, in order; the first problem ends the parse.
    if (auto problem = read_server(vm, s.server))
        return fail(std::move(*problem));
    if (auto problem = read_notifier(vm, s.server.notifier))
        return fail(std::move(*problem));
    if (auto problem = read_logging(vm, s.log_format))
        return fail(std::move(*problem));
    if (auto problem = read_signer(vm, s.signer))
        return fail(std::move(*problem));
    if (auto problem = read_app(vm, s.app))
        return fail(std::move(*problem));
    if (auto problem = check_exposure(vm, s))
        return fail(std::move(*problem));
    if (auto problem = read_data_dir(vm, s))
        return fail(std::move(*problem));
    return r;
}

} // namespace

ParseResult parse_command_line(int argc, const char* const argv[]) {
    std::vector<std::string> warnings;
    auto result = parse(argc, argv, warnings);
    result.warnings = std::move(warnings); // whatever the outcome
    return result;
}

} // namespace gcm::cli
