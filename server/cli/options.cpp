// Command-line parsing (see options.hpp).
#include "options.hpp"

#include "gcm/wire/fixtures.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdint>
#include <sstream>

namespace po = boost::program_options;

namespace gcm::cli {
namespace {

constexpr std::string_view env_prefix = "GRAPH_MOCK_";

po::options_description describe() {
    po::options_description d(
        "graph-comms-mock: a local emulator of the Microsoft Graph calls API\n"
        "Options (each also as GRAPH_MOCK_<NAME>, e.g. GRAPH_MOCK_PORT)");
    // clang-format off
    d.add_options()
        ("help", "print this help and exit")
        ("version", "print the version and exit")
        ("healthcheck", "ask the server on --bind/--port (127.0.0.1 for 0.0.0.0) for GET /_mock/health; exit 0 if it answers 200 \"status\": \"ok\" within 2 s, else 1")
        ("bind", po::value<std::string>()->default_value("127.0.0.1"), "address to listen on")
        ("port", po::value<unsigned short>()->default_value(8080), "port to listen on; 0 picks a free one")
        ("fixtures", po::value<std::string>(), "fixture file, or folder of *.json (default: the built-in fixtures/default.json)")
        ("threads", po::value<unsigned>()->default_value(1), "I/O threads (1-64)")
        ("public-url", po::value<std::string>()->default_value(""), "base URL of Location headers and @odata.context (default: http://<Host header>)")
        ("auth", po::value<std::string>()->default_value("bearer"), "none | bearer: require 'Authorization: Bearer <token>' on Graph calls")
        ("strict", po::bool_switch(), "reject misuse the Graph docs leave open (second hold, ...) instead of journaling a warning")
        ("log-format", po::value<std::string>()->default_value("text"), "text | json")
        ("max-body-bytes", po::value<std::size_t>()->default_value(1024 * 1024), "largest request body; larger gets 413")
        ("max-connections", po::value<std::size_t>()->default_value(1024), "open connections at most; beyond, 503 and close")
        ("read-timeout-ms", po::value<unsigned>()->default_value(30000), "how long a connection may take to send a request")
        ("shutdown-grace-ms", po::value<unsigned>()->default_value(5000), "on SIGTERM/SIGINT, how long in-flight requests, then queued notifications, may still take")
        ("hold-music-ms", po::value<unsigned>()->default_value(50), "how long startHoldMusic stays running")
        ("invite-answer-ms", po::value<unsigned>()->default_value(1000), "when invitees answer, unless a fixture says otherwise")
        ("invite-ring-timeout-ms", po::value<unsigned>()->default_value(60000), "when an unanswered invitation fails")
        ("call-setup-ms", po::value<unsigned>()->default_value(100), "how long a created or answered call stays establishing")
        ("call-teardown-ms", po::value<unsigned>()->default_value(50), "how long a hung-up call stays terminating (and a redirected one redirecting)")
        ("transfer-step-ms", po::value<unsigned>()->default_value(100), "time between transferring, transferAccepted and the end of a transfer")
        ("media-operation-ms", po::value<unsigned>()->default_value(200), "how long playPrompt, recordResponse, sendDtmfTones and addLargeGalleryView run")
        ("keepalive-window-ms", po::value<std::uint64_t>()->default_value(45ull * 60 * 1000), "a call without keepAlive for this long ends with 408/8537")
        ("recording-base-url", po::value<std::string>()->default_value("https://recordings.graph-comms-mock.local"), "where recordResponse says recordings are")
        ("incoming-timeout-ms", po::value<unsigned>()->default_value(15000), "an incoming call nobody answers ends after this long (408/1106)")
        ("default-callback-uri", po::value<std::string>()->default_value(""), "where notifications go for calls without a callbackUri")
        ("no-notifications", po::bool_switch(), "do not POST notifications to callbackUris")
        ("notify-delay-ms", po::value<unsigned>()->default_value(0), "delay before a notification's first attempt")
        ("notify-jitter-ms", po::value<unsigned>()->default_value(0), "random extra delay, up to this")
        ("notify-attempts", po::value<unsigned>()->default_value(4), "attempts per notification (retried on connection errors, timeouts, 408, 429, 5xx)")
        ("notify-timeout-ms", po::value<unsigned>()->default_value(5000), "timeout of one attempt")
        ("notify-backoff-ms", po::value<unsigned>()->default_value(200), "wait before the first retry; doubled each time, at most 5 s")
        ("notify-max-pending", po::value<std::size_t>()->default_value(10000), "notifications queued at most; beyond, they are dropped and journaled")
        ("signing-key", po::value<std::string>(), "PEM RSA private key that signs notification tokens (default: a fresh key)")
        ("invite-cancel-code", po::value<int>()->default_value(487), "resultInfo.code of an invitation cancelled by DELETE")
        ("invite-cancel-subcode", po::value<int>()->default_value(0), "resultInfo.subcode of an invitation cancelled by DELETE")
        ("max-operations-per-call", po::value<std::size_t>()->default_value(100), "operations kept per call; the oldest finished ones go first")
        ("journal-size", po::value<std::size_t>()->default_value(10000), "journal entries kept per namespace")
        ("max-namespaces", po::value<std::size_t>()->default_value(256), "namespaces (/_ns/{name}) that may exist at once");
    // clang-format on
    return d;
}

ParseResult fail(std::string message) {
    ParseResult r;
    r.action = ParseResult::Action::fail;
    r.message = std::move(message);
    return r;
}

} // namespace

ParseResult parse_command_line(int argc, const char* const argv[]) {
    const auto description = describe();
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, description), vm);
        po::store(po::parse_environment(description,
                                        [&](const std::string& name) -> std::string {
                                            if (!name.starts_with(env_prefix))
                                                return {};
                                            std::string option = name.substr(env_prefix.size());
                                            for (auto& c : option)
                                                c = c == '_' ? '-' : char(std::tolower(c));
                                            return description.find_nothrow(option, false)
                                                       ? option
                                                       : std::string{};
                                        }),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        return fail(std::string(e.what()) + " (see --help)");
    }

    ParseResult r;
    if (vm.count("help")) {
        std::ostringstream out;
        out << description;
        r.action = ParseResult::Action::print_and_exit;
        r.message = out.str();
        return r;
    }
    if (vm.count("version")) {
        r.action = ParseResult::Action::print_and_exit;
        r.message = "graph-comms-mock " GCM_VERSION "\n";
        return r;
    }

    auto& s = r.settings;
    s.server.bind = vm["bind"].as<std::string>();
    s.server.port = vm["port"].as<unsigned short>();
    if (vm.count("healthcheck")) {
        // Before the fixtures and the signing key: a probe needs only the address.
        r.action = ParseResult::Action::healthcheck;
        return r;
    }
    s.server.threads = vm["threads"].as<unsigned>();
    if (s.server.threads < 1 || s.server.threads > 64)
        return fail("--threads must be between 1 and 64");
    s.server.body_limit = vm["max-body-bytes"].as<std::size_t>();
    s.server.read_timeout = std::chrono::milliseconds{vm["read-timeout-ms"].as<unsigned>()};
    s.server.max_connections = vm["max-connections"].as<std::size_t>();
    s.server.shutdown_grace = std::chrono::milliseconds{vm["shutdown-grace-ms"].as<unsigned>()};

    s.app.public_url = vm["public-url"].as<std::string>();
    while (!s.app.public_url.empty() && s.app.public_url.back() == '/')
        s.app.public_url.pop_back();
    if (!s.app.public_url.empty() && !s.app.public_url.starts_with("http://") &&
        !s.app.public_url.starts_with("https://"))
        return fail("--public-url must start with http:// or https://");

    const auto auth = vm["auth"].as<std::string>();
    if (auth == "none")
        s.app.auth = app::AuthMode::none;
    else if (auth == "bearer")
        s.app.auth = app::AuthMode::bearer;
    else if (auth == "jwt")
        return fail("--auth jwt (token validation against the mock's own token endpoint) is not "
                    "available in this version; use --auth none or --auth bearer");
    else
        return fail("--auth must be none or bearer, not '" + auth + "'");

    const auto log = vm["log-format"].as<std::string>();
    if (log == "text")
        s.log_format = app::LogFormat::text;
    else if (log == "json")
        s.log_format = app::LogFormat::json;
    else
        return fail("--log-format must be text or json, not '" + log + "'");

    auto& engine = s.app.engine;
    engine.strict = vm["strict"].as<bool>();
    engine.hold_music_start = std::chrono::milliseconds{vm["hold-music-ms"].as<unsigned>()};
    engine.default_invitee.after = std::chrono::milliseconds{vm["invite-answer-ms"].as<unsigned>()};
    engine.ring_timeout = std::chrono::milliseconds{vm["invite-ring-timeout-ms"].as<unsigned>()};
    engine.incoming_timeout = std::chrono::milliseconds{vm["incoming-timeout-ms"].as<unsigned>()};
    s.app.default_callback_uri = vm["default-callback-uri"].as<std::string>();
    s.app.notifications = !vm["no-notifications"].as<bool>();
    auto& notify = s.server.notifier;
    notify.delay = std::chrono::milliseconds{vm["notify-delay-ms"].as<unsigned>()};
    notify.jitter = std::chrono::milliseconds{vm["notify-jitter-ms"].as<unsigned>()};
    notify.max_attempts = std::max(1u, vm["notify-attempts"].as<unsigned>());
    notify.attempt_timeout = std::chrono::milliseconds{vm["notify-timeout-ms"].as<unsigned>()};
    notify.first_backoff = std::chrono::milliseconds{vm["notify-backoff-ms"].as<unsigned>()};
    notify.max_pending = vm["notify-max-pending"].as<std::size_t>();
    if (vm.count("signing-key")) {
        auto signer = auth::TokenSigner::from_pem_file(vm["signing-key"].as<std::string>());
        if (!signer)
            return fail("--signing-key: " + signer.error());
        s.signer = std::move(*signer);
    }
    engine.call_setup = std::chrono::milliseconds{vm["call-setup-ms"].as<unsigned>()};
    engine.call_teardown = std::chrono::milliseconds{vm["call-teardown-ms"].as<unsigned>()};
    engine.transfer_step = std::chrono::milliseconds{vm["transfer-step-ms"].as<unsigned>()};
    engine.media_operation = std::chrono::milliseconds{vm["media-operation-ms"].as<unsigned>()};
    engine.keepalive_window =
        std::chrono::milliseconds{vm["keepalive-window-ms"].as<std::uint64_t>()};
    engine.recording_base_url = vm["recording-base-url"].as<std::string>();
    engine.invitation_cancelled.code = vm["invite-cancel-code"].as<int>();
    engine.invitation_cancelled.subcode = vm["invite-cancel-subcode"].as<int>();
    s.app.journal_capacity = vm["journal-size"].as<std::size_t>();
    engine.max_operations_per_call =
        std::max<std::size_t>(1, vm["max-operations-per-call"].as<std::size_t>());
    s.app.max_namespaces = vm["max-namespaces"].as<std::size_t>();

    if (vm.count("fixtures")) {
        auto fixture = wire::load_fixtures(vm["fixtures"].as<std::string>());
        if (!fixture)
            return fail("--fixtures: " + fixture.error().describe());
        s.app.fixture = std::move(*fixture);
    } else {
        auto fixture = wire::parse_fixture(default_fixture_text());
        if (!fixture)
            return fail("built-in fixtures/default.json: " + fixture.error().describe());
        s.app.fixture = std::move(*fixture);
    }
    return r;
}

} // namespace gcm::cli
