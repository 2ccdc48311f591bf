// The real graph-comms-mock binary: flags, the "listening on" line, the seed example over real
// HTTP, graceful SIGTERM, and exit 2 with a clear message on bad flags or fixtures.
#include "http_client.hpp"
#include "mock_process.hpp"
#include "receiver.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <boost/process.hpp>
#include <boost/test/unit_test.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace bp = boost::process;
using namespace gcm::test;

namespace {

// The port a server on loopback names in its first line (MockProcess::port() accepts any host;
// every server started here must be on 127.0.0.1).
unsigned short port_of(const std::string& line) {
    static const std::regex pattern(R"(^graph-comms-mock listening on http://127\.0\.0\.1:(\d+)$)");
    std::smatch m;
    if (!std::regex_match(line, m, pattern))
        throw std::runtime_error("unexpected first line: " + line);
    return static_cast<unsigned short>(std::stoi(m[1]));
}

// The default fixture with every call's callbackUri pointing at `url`, written to a file.
std::string default_fixture_calling_back(const std::string& url, const std::string& file) {
    std::ifstream in(GCM_SOURCE_DIR "/fixtures/default.json");
    auto fixture = boost::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    for (auto& call : fixture.at("calls").as_array())
        call.as_object()["callbackUri"] = url;
    std::ofstream(file) << boost::json::serialize(fixture);
    return file;
}

// How many participant updates the receiver got, across all its notification batches.
// The roster updates the bot got, told apart by the roster's highest sequence number: a
// delivery the notifier retried (the bot got it, but its answer was lost) counts once.
std::size_t participant_updates(const Receiver& bot) {
    std::set<std::int64_t> updates;
    for (const auto& r : bot.received()) {
        const auto batch = r.json();
        for (const auto& n : batch.at("value").as_array()) {
            if (!n.at("resourceUrl").as_string().ends_with("/participants"))
                continue;
            std::int64_t newest = 0;
            for (const auto& p : n.at("resourceData").as_array())
                newest = std::max(newest, p.at("rosterSequenceNumber").to_number<std::int64_t>());
            updates.insert(newest);
        }
    }
    return updates.size();
}

// The process's CPU time so far (user and system), from /proc.
std::chrono::milliseconds cpu_time(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    const std::string stat(std::istreambuf_iterator<char>(in), {});
    // The fields after the command name (which may hold spaces) start at field 3.
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14)
            utime = std::stoll(field);
        if (i == 15)
            stime = std::stoll(field);
    }
    return std::chrono::milliseconds((utime + stime) * 1000 / ::sysconf(_SC_CLK_TCK));
}

std::size_t count_lines_with(const std::string& text, const std::string& what) {
    std::istringstream lines(text);
    std::size_t n = 0;
    for (std::string line; std::getline(lines, line);)
        n += line.find(what) != std::string::npos;
    return n;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

} // namespace

BOOST_AUTO_TEST_SUITE(binary)

BOOST_AUTO_TEST_CASE(serves_the_seed_and_exits_zero_on_sigterm) {
    MockProcess server({"--port", "0"});
    const auto port = port_of(server.first_line());
    HttpClient client(port);
    auto r = client.post("/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d/"
                         "participants/fa1e9582-7145-4ca3-bcd8-577f561fcb6e/stopHoldMusic",
                         R"({"clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"})");
    BOOST_TEST(r.status == 202u);
    BOOST_TEST(r.json().at("status") == "completed");
    BOOST_TEST(server.stop() == 0);
}

// SIGTERM while clients are sending and notifications are going out: every request the server
// took is answered, the notification each mute causes is still delivered, and the exit code is 0.
BOOST_AUTO_TEST_CASE(sigterm_under_load_answers_and_notifies_then_exits_zero) {
    Receiver bot;
    const auto fixture = default_fixture_calling_back(
        bot.url(), "/tmp/gcm-sigterm-" + std::to_string(::getpid()) + ".json");
    MockProcess server({"--port", "0", "--fixtures", fixture});
    const auto port = port_of(server.first_line());
    const std::string mute = "/v1.0/communications/calls/112f7296-5fa4-42ca-bae8-6a692b15d4b8/"
                             "participants/a7ebfb2d-871e-419c-87af-27290b22e8db/mute";
    std::atomic<int> answered{0}, wrong{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c)
        clients.emplace_back([&] {
            try {
                HttpClient client(port);
                for (int i = 0; i < 5000; ++i) {
                    auto r = client.post(mute, R"({"clientContext": "c"})");
                    if (r.status == 200u && r.json().at("status") == "completed")
                        ++answered;
                    else
                        ++wrong;
                }
            } catch (const std::exception&) {
                // Refused or closed between requests: the server has stopped taking them.
            }
        });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (answered.load() < 200 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    BOOST_TEST_REQUIRE(answered.load() >= 200);
    BOOST_TEST(server.stop() == 0);
    for (auto& client : clients)
        client.join();
    std::remove(fixture.c_str());
    BOOST_TEST(wrong.load() == 0);
    // The process has exited: what the bot has now is all it will get.
    BOOST_TEST_MESSAGE(answered.load() << " mutes answered before and during the shutdown");
    BOOST_TEST(participant_updates(bot) == static_cast<std::size_t>(answered.load()));
}

// --shutdown-grace-ms bounds a SIGTERM even when the bot never answers: the notification attempt
// still in flight is abandoned after the grace period, not waited for (its timeout is 5 s here).
BOOST_AUTO_TEST_CASE(shutdown_grace_bounds_sigterm_when_the_bot_never_answers) {
    boost::asio::io_context ioc;
    // Listens and never accepts: connections complete in the backlog and get no answer.
    boost::asio::ip::tcp::acceptor silent(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    const auto fixture = default_fixture_calling_back(
        "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/api/calls",
        "/tmp/gcm-grace-" + std::to_string(::getpid()) + ".json");
    MockProcess server({"--port", "0", "--fixtures", fixture, "--shutdown-grace-ms", "300",
                        "--notify-timeout-ms", "5000"});
    HttpClient client(port_of(server.first_line()));
    // A mute on the group call: the bot is sent a roster update.
    auto r = client.post("/v1.0/communications/calls/112f7296-5fa4-42ca-bae8-6a692b15d4b8/"
                         "participants/a7ebfb2d-871e-419c-87af-27290b22e8db/mute",
                         R"({"clientContext": "c"})");
    BOOST_TEST(r.status == 200u);
    const auto signalled = std::chrono::steady_clock::now();
    BOOST_TEST(server.stop() == 0);
    const auto took = std::chrono::steady_clock::now() - signalled;
    std::remove(fixture.c_str());
    BOOST_TEST(took < std::chrono::milliseconds(2000),
               std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
}

BOOST_AUTO_TEST_CASE(flags_can_come_from_the_environment) {
    auto env = bp::environment(boost::this_process::environment());
    env["GRAPH_MOCK_PORT"] = "0";
    env["GRAPH_MOCK_AUTH"] = "none";
    MockProcess server({.environment = env});
    HttpClient client(port_of(server.first_line()));
    auto r =
        client.request("GET", "/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d", "",
                       {{"Authorization", ""}});
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(server.stop() == 0);
}

BOOST_AUTO_TEST_CASE(bad_flags_exit_2_naming_the_flag) {
    struct Row {
        std::vector<std::string> args;
        std::string mentions;
    };
    const std::vector<Row> rows = {
        {{"--port", "eighty"}, "--port"},
        {{"--port", "70000"}, "--port"},
        {{"--threads", "0"}, "--threads"},
        {{"--auth", "magic"}, "--auth"},
        {{"--log-format", "xml"}, "--log-format"},
        {{"--public-url", "graph.local"}, "--public-url"},
        {{"--no-such-flag"}, "no-such-flag"},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.args.at(0)) {
            auto result = run_to_end(row.args);
            BOOST_TEST(result.exit_code == 2);
            BOOST_TEST(result.err.find(row.mentions) != std::string::npos, result.err);
            BOOST_TEST(result.out.empty());
        }
    }
}

// Numbers are checked against each flag's range as given: "-5" used to be read into an unsigned
// flag as 4294967291, and 0 attempts silently as 1.
BOOST_AUTO_TEST_CASE(numeric_flags_outside_their_range_exit_2_naming_flag_and_range) {
    struct Row {
        std::string arg;
        std::string says;
    };
    const std::vector<Row> rows = {
        {"--notify-attempts=0", "--notify-attempts must be a whole number from 1 to 100, not '0'"},
        {"--notify-attempts=-5", "--notify-attempts must be a whole number from 1 to 100"},
        {"--journal-size=-1", "--journal-size must be a whole number from 1 to 10000000"},
        {"--call-setup-ms=-100", "--call-setup-ms must be a whole number from 0 to 86400000"},
        {"--notify-connections=0", "--notify-connections must be a whole number from 1"},
        {"--max-operations-per-call=0", "--max-operations-per-call must be a whole number from 1"},
        {"--read-timeout-ms=0", "--read-timeout-ms must be a whole number from 1"},
        {"--seed=-1", "--seed must be a whole number from 0"},
        {"--port=1e3", "--port must be a whole number from 0 to 65535, not '1e3'"},
        {"--access-token-lifetime-s=9223372036854775807",
         "--access-token-lifetime-s must be a whole number from 1 to 86400"},
        {"--invite-cancel-code=-1", "--invite-cancel-code must be a whole number from 0 to 999"},
        // Each wrapped round to 2^64 - 1 (no budget, no limit) or overflowed a timer.
        {"--journal-bytes=-1", "--journal-bytes must be a whole number from 4096"},
        {"--max-fixture-bytes=-1", "--max-fixture-bytes must be a whole number from 1"},
        {"--data-interval-ms=10000000000000",
         "--data-interval-ms must be a whole number from 1 to 86400000"},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.arg) {
            auto result = run_to_end({row.arg});
            BOOST_TEST(result.exit_code == 2);
            BOOST_TEST(result.err.find(row.says) != std::string::npos, result.err);
            BOOST_TEST(result.out.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_wrong_environment_value_names_the_variable) {
    struct Row {
        std::string variable, value, says;
    };
    const std::vector<Row> rows = {
        {"GRAPH_MOCK_PORT", "abc", "GRAPH_MOCK_PORT must be a whole number from 0 to 65535"},
        {"GRAPH_MOCK_NOTIFY_ATTEMPTS", "-5", "GRAPH_MOCK_NOTIFY_ATTEMPTS must be a whole number"},
        {"GRAPH_MOCK_STRICT", "maybe", "GRAPH_MOCK_STRICT: "},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.variable) {
            auto env = bp::environment(boost::this_process::environment());
            env[row.variable] = row.value;
            auto result = run_to_end({}, env);
            BOOST_TEST(result.exit_code == 2);
            BOOST_TEST(result.err.find(row.says) != std::string::npos, result.err);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_misspelled_variable_is_warned_of_and_the_start_goes_on) {
    auto env = bp::environment(boost::this_process::environment());
    env["GRAPH_MOCK_PROT"] = "9";
    auto result = run_to_end({"--version"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.err ==
                   "graph-comms-mock: warning: GRAPH_MOCK_PROT is not a graph-comms-mock setting; "
                   "ignored (did you mean GRAPH_MOCK_PORT?)\n",
               result.err);
    // The compose files' own variable is no misspelling.
    env.erase("GRAPH_MOCK_PROT");
    env["GRAPH_MOCK_HOST_PORT"] = "8081";
    BOOST_TEST(run_to_end({"--version"}, env).err.empty());
}

BOOST_AUTO_TEST_CASE(bad_fixture_exits_2_naming_file_and_path) {
    const std::string file = std::string(GCM_BINARY) + ".bad-fixture.json";
    {
        std::ofstream f(file);
        f << R"({"calls": [{"id": "a", "participants": [{"id": "p", "isMuted": "no"}]}]})";
    }
    auto result = run_to_end({"--fixtures", file});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find(file) != std::string::npos, result.err);
    BOOST_TEST(result.err.find("$.calls[0].participants[0].isMuted") != std::string::npos,
               result.err);
    std::remove(file.c_str());

    auto missing = run_to_end({"--fixtures", "/nonexistent/fixtures.json"});
    BOOST_TEST(missing.exit_code == 2);
    BOOST_TEST(missing.err.find("/nonexistent/fixtures.json") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_and_version_exit_zero) {
    auto help = run_to_end({"--help"});
    BOOST_TEST(help.exit_code == 0);
    for (const char* flag : {"--bind", "--port", "--fixtures", "--threads", "--public-url",
                             "--auth", "--strict", "--log-format", "--healthcheck"})
        BOOST_TEST(help.out.find(flag) != std::string::npos, flag);
    auto version = run_to_end({"--version"});
    BOOST_TEST(version.exit_code == 0);
    BOOST_TEST(version.out.starts_with("graph-comms-mock "));
}

// The allocator the build chose is the one the running process uses (it replaces glibc's malloc
// only if the dynamic linker actually loaded it).
BOOST_AUTO_TEST_CASE(the_binary_runs_on_the_allocator_it_was_built_with) {
    MockProcess server({"--port", "0"});
    std::ifstream maps("/proc/" + std::to_string(server.pid()) + "/maps");
    const std::string mapped(std::istreambuf_iterator<char>(maps), {});
    BOOST_REQUIRE(!mapped.empty());
    const bool expect_mimalloc = std::string_view(GCM_BINARY_ALLOCATOR) == "mimalloc";
    BOOST_TEST((mapped.find("libmimalloc") != std::string::npos) == expect_mimalloc,
               "built with " GCM_BINARY_ALLOCATOR);
}

BOOST_AUTO_TEST_CASE(a_port_in_use_is_a_clear_error) {
    MockProcess first({"--port", "0"});
    const auto port = port_of(first.first_line());
    auto second = run_to_end({"--port", std::to_string(port)});
    BOOST_TEST(second.exit_code == 2);
    // Said in the flags' terms, without the Boost source line that threw.
    BOOST_TEST(second.err == "graph-comms-mock: cannot start: port " + std::to_string(port) +
                                 " is in use (try --port 0)\n");
}

BOOST_AUTO_TEST_CASE(a_port_another_program_holds_is_said_to_be_in_use) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor held(io,
                                        {boost::asio::ip::make_address("127.0.0.1"), 0}); // listens
    const auto port = std::to_string(held.local_endpoint().port());
    auto result = run_to_end({"--port", port});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("port " + port + " is in use (try --port 0)") != std::string::npos,
               result.err);
}

// --healthcheck (the container's HEALTHCHECK and the CI waits): exit 0 when the server on
// --bind/--port answers GET /_mock/health with "status": "ok", 1 otherwise, one line either way.
BOOST_AUTO_TEST_CASE(healthcheck_exits_zero_on_a_healthy_server) {
    MockProcess server({"--port", "0"});
    const auto port = std::to_string(port_of(server.first_line()));
    auto probe = run_to_end({"--healthcheck", "--port", port});
    BOOST_TEST(probe.exit_code == 0);
    BOOST_TEST(probe.out.find("healthy: http://127.0.0.1:" + port + "/_mock/health") !=
                   std::string::npos,
               probe.out);
    // As in the image: the address and port come from the environment, and a wildcard bind is
    // probed through loopback.
    auto env = bp::environment(boost::this_process::environment());
    env["GRAPH_MOCK_BIND"] = "0.0.0.0";
    env["GRAPH_MOCK_PORT"] = port;
    auto from_env = run_to_end({"--healthcheck"}, env);
    BOOST_TEST(from_env.exit_code == 0);
    BOOST_TEST(from_env.out.find("127.0.0.1:" + port) != std::string::npos, from_env.out);
    BOOST_TEST(server.stop() == 0);
}

BOOST_AUTO_TEST_CASE(healthcheck_exits_one_when_nothing_healthy_listens) {
    std::string port;
    {
        MockProcess server({"--port", "0"});
        port = std::to_string(port_of(server.first_line()));
        BOOST_TEST(server.stop() == 0);
    }
    auto refused = run_to_end({"--healthcheck", "--port", port});
    BOOST_TEST(refused.exit_code == 1);
    BOOST_TEST(refused.out.empty());
    BOOST_TEST(refused.err.find("unhealthy") != std::string::npos, refused.err);

    // Something else on the port: it answers, but not as the mock's health endpoint.
    Receiver other;
    other.answer_next_with({200});
    auto impostor = run_to_end({"--healthcheck", "--port", std::to_string(other.port())});
    BOOST_TEST(impostor.exit_code == 1);
    BOOST_TEST(impostor.err.find("unhealthy") != std::string::npos, impostor.err);
}

// Out of descriptors, accept fails at once for as long as the shortage lasts: the server waits
// between attempts instead of spinning, logs the episode's start and end only, and serves again
// once descriptors are free. (The shortage is made by lowering the running server's soft limit
// to just above what it holds: at start it raised the limit to fit --max-connections.)
// The sanitizers' runtime needs descriptors of its own: before it reads an object's type it
// probes the memory through a pipe, which cannot be made while the process is out of them, and
// then reports a valid object as invalid and stops the server. Out of descriptors is tested in
// the debug build only.
boost::test_tools::assertion_result not_under_sanitizers(boost::unit_test::test_unit_id) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    boost::test_tools::assertion_result skip(false);
    skip.message() << "the sanitizer runtime needs descriptors of its own";
    return skip;
#else
    return true;
#endif
}

BOOST_AUTO_TEST_CASE(out_of_descriptors_the_server_waits_instead_of_spinning,
                     *boost::unit_test::precondition(not_under_sanitizers)) {
    MockProcess server({.args = {"--port", "0", "--no-tls"}, .capture_stderr = true});
    const auto port = port_of(server.first_line());
    // Starting costs CPU (the signing key, the fixture): let it pass before measuring.
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const auto before = cpu_time(server.pid());
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            return cpu_time(server.pid()) == before;
        },
        std::chrono::seconds(10)));
    const auto fd_dir = "/proc/" + std::to_string(server.pid()) + "/fd";
    const auto held = std::distance(std::filesystem::directory_iterator(fd_dir),
                                    std::filesystem::directory_iterator());
    rlimit limit{};
    BOOST_TEST_REQUIRE(::prlimit(server.pid(), RLIMIT_NOFILE, nullptr, &limit) == 0);
    limit.rlim_cur = rlim_t(held) + 8;
    BOOST_TEST_REQUIRE(::prlimit(server.pid(), RLIMIT_NOFILE, &limit, nullptr) == 0);

    boost::asio::io_context ioc;
    std::vector<boost::asio::ip::tcp::socket> idle;
    const boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
    for (int i = 0; i < 100; ++i) // the kernel completes them all; the server runs out at ~8
        idle.emplace_back(ioc).connect(endpoint);
    BOOST_TEST_REQUIRE(
        eventually([&] { return server.log().find("accept failed") != std::string::npos; },
                   std::chrono::seconds(5)),
        server.log());

    // A window in the middle of the episode: a spinning accept loop would take a whole core.
    const auto window = std::chrono::milliseconds(1000);
    const auto before = cpu_time(server.pid());
    std::this_thread::sleep_for(window);
    const auto used = cpu_time(server.pid()) - before;
    BOOST_TEST(used.count() < window.count() * 3 / 10, "CPU " << used.count() << " ms in 1 s");
    BOOST_TEST_MESSAGE("CPU during the episode: " << used.count() << " ms in 1 s");
    BOOST_TEST(count_lines_with(server.log(), "accept") <= 2u, server.log().substr(0, 2000));

    idle.clear(); // closes them: the server's sessions end, their descriptors are free again
    BOOST_TEST(eventually(
        [&] {
            try {
                return HttpClient(port).get("/_mock/health").status == 200u;
            } catch (const std::exception&) {
                return false;
            }
        },
        std::chrono::seconds(10)));
    BOOST_TEST(
        eventually([&] { return server.log().find("accepting again after") != std::string::npos; },
                   std::chrono::seconds(5)),
        server.log().substr(0, 2000));
    BOOST_TEST(server.stop() == 0);
}

// A soft descriptor limit under --max-connections (plus a reserve of 64) is raised as far as the
// hard limit allows; where that is not enough, the connection limit is lowered, and the log says
// to what.
BOOST_AUTO_TEST_CASE(max_connections_is_kept_under_the_descriptor_limit) {
    {
        MockProcess server({.args = {"--port", "0", "--no-tls"},
                            .capture_stderr = true,
                            .descriptor_limits = DescriptorLimits{200, 200}});
        const auto port = port_of(server.first_line());
        BOOST_TEST(server.log().find("--max-connections 1024 lowered to 136: the descriptor "
                                     "limit is 200") != std::string::npos,
                   server.log());
        BOOST_TEST(HttpClient(port).get("/_mock/health").status == 200u);
        BOOST_TEST(server.stop() == 0);
    }
    rlimit own{};
    BOOST_TEST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &own) == 0);
    if (own.rlim_max != RLIM_INFINITY && own.rlim_max < 1024 + 64)
        return; // this machine cannot raise it: nothing more to see
    MockProcess raised({.args = {"--port", "0", "--no-tls"},
                        .capture_stderr = true,
                        .descriptor_limits = DescriptorLimits{200, own.rlim_max}});
    port_of(raised.first_line()); // it listens on 127.0.0.1, as every server here
    BOOST_TEST(raised.log().find("lowered") == std::string::npos, raised.log());
    rlimit limit{};
    BOOST_TEST_REQUIRE(::prlimit(raised.pid(), RLIMIT_NOFILE, nullptr, &limit) == 0);
    BOOST_TEST(limit.rlim_cur >= rlim_t(1024 + 64));
    BOOST_TEST(raised.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
