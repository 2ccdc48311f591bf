// HTTP: clients that misbehave — slow, idle, too many, gone mid-response — and load from many
// threads; after each the server still answers and the state is intact.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <atomic>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <thread>

using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

// One I/O thread runs sessions without strands; several run each on its own: both are tested.
const auto io_threads = boost::unit_test::data::make({1u, 2u});

gcm::http::ServerOptions short_timeouts(unsigned server_threads) {
    gcm::http::ServerOptions options;
    options.read_timeout = std::chrono::milliseconds(200);
    options.threads = server_threads;
    return options;
}

void still_healthy(TestServer& server, const boost::json::value& before) {
    auto client = server.client();
    BOOST_TEST(client.get("/_mock/health").status == 200u);
    BOOST_TEST((server.state_snapshot() == before));
}
} // namespace

BOOST_AUTO_TEST_SUITE(hostile_clients)

BOOST_DATA_TEST_CASE(slow_loris_headers_are_cut_off_by_the_read_timeout, io_threads,
                     server_threads) {
    TestServer server(default_config(), short_timeouts(server_threads));
    const auto before = server.state_snapshot();
    std::string endless = "GET " + calls + group_call + " HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    endless += std::string(400, 'a');
    // 50 ms a byte for up to 5 s: the 200 ms read timeout closes it long before the end.
    BOOST_TEST(server.client().trickle_until_closed(endless, std::chrono::milliseconds(50),
                                                    std::chrono::seconds(5)));
    still_healthy(server, before);
}

BOOST_DATA_TEST_CASE(idle_connections_are_closed, io_threads, server_threads) {
    TestServer server(default_config(), short_timeouts(server_threads));
    const auto before = server.state_snapshot();
    // One byte, then a pause five times the read timeout: the server has hung up by then.
    BOOST_TEST(server.client().trickle_until_closed("GE", std::chrono::seconds(1),
                                                    std::chrono::seconds(5)));
    // A keep-alive connection idle after a request is closed the same way, and a client that
    // reconnects is served again.
    auto client = server.client();
    BOOST_TEST(client.get(calls + group_call).status == 200u);
    still_healthy(server, before);
}

BOOST_DATA_TEST_CASE(connections_beyond_the_limit_get_503, io_threads, server_threads) {
    auto options = short_timeouts(server_threads);
    options.read_timeout = std::chrono::seconds(10);
    options.max_connections = 2;
    TestServer server(default_config(), options);
    auto first = server.client();
    auto second = server.client();
    BOOST_TEST(first.get("/_mock/health").status == 200u);
    BOOST_TEST(second.get("/_mock/health").status == 200u);
    auto third = server.client().raw_exchange("GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n",
                                              std::chrono::seconds(5));
    BOOST_TEST(third.starts_with("HTTP/1.1 503"), third.substr(0, 40));
    BOOST_TEST(third.find("ServiceUnavailable") != std::string::npos);
    // The two admitted connections go on working.
    BOOST_TEST(first.get("/_mock/health").status == 200u);
}

BOOST_DATA_TEST_CASE(a_client_gone_mid_response_harms_nothing, io_threads, server_threads) {
    gcm::http::ServerOptions options;
    options.threads = server_threads;
    TestServer server(default_config(), options);
    const auto before = server.state_snapshot();
    auto client = server.client();
    for (int i = 0; i < 20; ++i) {
        // Ask for a large answer and hang up without reading it.
        auto r = client.raw_exchange("GET /_mock/calls HTTP/1.1\r\nHost: x\r\n\r\n",
                                     std::chrono::milliseconds(1));
        (void)r;
    }
    still_healthy(server, before);
}

BOOST_DATA_TEST_CASE(many_connections_and_calls_at_once, boost::unit_test::data::make({1u, 4u}),
                     server_threads) {
    gcm::http::ServerOptions options;
    options.threads = server_threads;
    auto config = default_config();
    config.engine.max_operations_per_call = 1000; // keep them all, to count them
    TestServer server(config, options);
    constexpr int workers = 8;
    constexpr int rounds = 60;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
        threads.emplace_back([&, w] {
            auto client = server.client();
            const std::string ns = "/_ns/load" + std::to_string(w % 4);
            for (int i = 0; i < rounds; ++i) {
                const auto mute =
                    client.post(ns + calls + group_call + "/participants/" + member + "/mute");
                const auto hold = client.post(ns + calls + group_call + "/participants/" + member +
                                              "/startHoldMusic");
                const auto read = client.get(ns + calls + group_call + "/participants");
                if (mute.status != 200 || hold.status != 202 || read.status != 200)
                    ++failures;
            }
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(failures.load() == 0);
    // Each namespace kept every operation its two workers created.
    auto client = server.client();
    for (int n = 0; n < 4; ++n) {
        auto ops =
            client.get("/_ns/load" + std::to_string(n) + calls + group_call + "/operations").json();
        BOOST_TEST(ops.at("value").as_array().size() == std::size_t(2 * rounds * 2));
    }
}

BOOST_DATA_TEST_CASE(stopping_under_load_answers_every_accepted_request, io_threads,
                     server_threads) {
    gcm::http::ServerOptions options;
    options.threads = server_threads;
    auto server = std::make_unique<TestServer>(default_config(), options);
    std::atomic<bool> go{true};
    std::atomic<int> answered{0}, broken{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w)
        threads.emplace_back([&, port = server->port()] {
            HttpClient client(port);
            for (int i = 0; i < 2000 && go; ++i) {
                try {
                    auto r = client.get(calls + group_call + "/participants");
                    if (r.status == 200 && !r.json().at("value").as_array().empty())
                        ++answered;
                    else
                        ++broken;
                } catch (const std::exception&) {
                    return; // refused or closed between requests: the server is gone
                }
            }
        });
    BOOST_TEST(wait_until([&] { return answered.load() > 100; }));
    server->server().stop();
    go = false;
    for (auto& t : threads)
        t.join();
    BOOST_TEST(broken.load() == 0);
    BOOST_TEST(answered.load() > 100);
}

// Issue 21: a path pattern of many '*' was matched by a recursive glob, exponential in the stars,
// on the I/O thread: a query of /_mock/requests, or a fault rule meeting a GET with a long call
// id, froze the server (one I/O thread here, as by default). Each is now answered, and so is a
// request on another connection sent meanwhile. Without the fix the requests time out (10 s).
BOOST_FIXTURE_TEST_CASE(a_path_pattern_of_many_stars_does_not_stall_the_server, ServerFixture) {
    const std::string long_id(40, 'a');
    std::string stars = calls;
    for (int i = 0; i < 13; ++i)
        stars += "*a";
    stars += "*b";
    BOOST_TEST_REQUIRE(client.get(calls + long_id).status == 404u); // journaled

    std::atomic<unsigned> query_status{0};
    std::thread query([&] {
        try {
            auto other = server.client();
            query_status = other.get("/_mock/requests?path=" + stars).status;
        } catch (const std::exception&) {
            query_status = 1; // timed out
        }
    });
    const auto health =
        client.raw_exchange("GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                            std::chrono::seconds(10));
    query.join();
    BOOST_TEST(health.starts_with("HTTP/1.1 200"), health.substr(0, 40));
    BOOST_TEST(query_status.load() == 200u);
    auto found = client.get("/_mock/requests?path=" + stars);
    BOOST_TEST_REQUIRE(found.status == 200u);
    BOOST_TEST(found.json().at("count") == 0);
    BOOST_TEST(client.get("/_mock/requests?path=" + stars.substr(0, stars.size() - 1) + "a")
                   .json()
                   .at("count") == 1);

    // As a fault rule: every GET of a call meets it.
    auto added = client.post("/_mock/faults", R"({"match": {"method": "GET", "path": ")" + stars +
                                                  R"("}, "respond": {"status": 503}})");
    BOOST_TEST_REQUIRE(added.status == 201u, added.body);
    BOOST_TEST(client.get(calls + long_id).status == 404u); // not matched: answered as usual
    BOOST_TEST(client.get(calls + long_id + "b").status == 503u);
}

BOOST_AUTO_TEST_SUITE_END()
