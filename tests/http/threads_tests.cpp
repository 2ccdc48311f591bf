// HTTP: several I/O threads (one io_context each, connections spread over them) serving one
// namespace per client thread at once: every request answered, each namespace sees exactly its
// own requests, and a namespace deleted and used again starts fresh on every I/O thread (the
// threads' namespace caches follow the registry).
#include "default_fixture.hpp"
#include "test_server.hpp"

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>
#include <thread>

using namespace gcm::test;

namespace {

const std::string member = gcm::test::default_fixture::participant_path(
    gcm::test::default_fixture::hold_call, gcm::test::default_fixture::held);

std::size_t journal_size(HttpClient& client, const std::string& ns) {
    const auto journal = client.get("/_ns/" + ns + "/_mock/journal").json();
    return journal.at("value").as_array().size();
}

} // namespace

BOOST_AUTO_TEST_SUITE(io_threads)

BOOST_AUTO_TEST_CASE(a_namespace_per_client_thread_on_four_io_threads) {
    gcm::http::ServerOptions options;
    options.threads = 4;
    TestServer server(default_config(), options);
    constexpr int clients = 4, rounds = 50;
    std::vector<std::thread> threads;
    std::vector<int> answered(clients, 0);
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            // Two connections each: they land on different I/O threads.
            auto first = server.client(), second = server.client();
            const auto ns = "/_ns/t" + std::to_string(c);
            for (int i = 0; i < rounds; ++i) {
                auto& client = i % 2 ? first : second;
                if (client.post(ns + member + "/mute").status == 200u &&
                    client.get(ns + member).status == 200u)
                    ++answered[c];
            }
        });
    for (auto& t : threads)
        t.join();
    auto client = server.client();
    for (int c = 0; c < clients; ++c) {
        BOOST_TEST(answered[c] == rounds);
        // Each mute: its request and its roster event; each GET: its request.
        BOOST_TEST(journal_size(client, "t" + std::to_string(c)) == 3u * rounds);
    }
    BOOST_TEST(client.get("/_mock/journal").json().at("value").as_array().empty());
}

BOOST_AUTO_TEST_CASE(a_deleted_namespace_comes_back_fresh_on_every_io_thread) {
    gcm::http::ServerOptions options;
    options.threads = 3;
    TestServer server(default_config(), options);
    std::vector<HttpClient> clients;
    for (int i = 0; i < 6; ++i) // two connections on each I/O thread
        clients.push_back(server.client());
    for (auto& c : clients)
        BOOST_TEST_REQUIRE(c.post("/_ns/again" + member + "/mute").status == 200u);
    BOOST_TEST(clients[0].del("/_ns/again").status == 204u);
    for (auto& c : clients) {
        const auto got = c.get("/_ns/again" + member);
        BOOST_TEST_REQUIRE(got.status == 200u);
        BOOST_TEST(got.json().at("isMuted") == false); // fresh from the fixture
    }
    BOOST_TEST(journal_size(clients[1], "again") == 6u); // the six GETs above, nothing before
}

BOOST_AUTO_TEST_SUITE_END()
