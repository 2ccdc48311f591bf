// On a guarded server (--admin-token, --auth jwt) a namespace is made only for a request that
// passed its plane's guard: refused requests to ever new names cannot fill the namespace table
// and lock the admin and the bots out of new namespaces.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;

namespace {

const std::string hold_call =
    gcm::test::default_fixture::call_path(gcm::test::default_fixture::hold_call);
const Headers admin{{"Authorization", "Bearer s3cret"}};
const Headers anonymous{{"Authorization", ""}};

std::vector<std::string> namespaces_listed(HttpClient& client) {
    std::vector<std::string> names;
    auto r = client.request("GET", "/_mock/namespaces", {}, admin);
    BOOST_TEST_REQUIRE(r.status == 200u);
    const auto listed = r.json();
    for (const auto& n : listed.at("value").as_array())
        names.emplace_back(n.as_string());
    return names;
}

// The default server with room for one namespace.
gcm::app::AppConfig one_namespace() {
    auto config = default_config();
    config.max_namespaces = 1;
    return config;
}

} // namespace

BOOST_AUTO_TEST_SUITE(guarded_namespaces)

BOOST_AUTO_TEST_CASE(refused_requests_make_no_namespace) {
    auto config = default_config();
    config.auth = gcm::app::AuthMode::jwt;
    config.admin_token = "s3cret";
    config.max_namespaces = 2;
    TestServer server(config);
    auto client = server.client();
    const std::size_t beyond_the_limit = 3 * config.max_namespaces;
    for (std::size_t i = 0; i < beyond_the_limit; ++i) {
        const auto name = std::to_string(i);
        // The Graph API without a token, or with one that is not the mock's.
        auto graph = client.request("GET", "/_ns/g" + name + hold_call, {}, anonymous);
        BOOST_TEST(graph.status == 401u);
        BOOST_TEST(graph.json().at("error").at("code") == "InvalidAuthenticationToken");
        BOOST_TEST(client.request("GET", "/_ns/t" + name + hold_call, {}, {}).status == 401u);
        // The control plane without the admin token.
        BOOST_TEST(client.request("POST", "/_ns/c" + name + "/_mock/reset", {}, anonymous).status ==
                   401u);
        // Its open routes are answered, but make no namespace either.
        BOOST_TEST(client.request("GET", "/_ns/o" + name + "/_mock/health", {}, anonymous).status ==
                   200u);
        BOOST_TEST(client.request("GET", "/_ns/o" + name + "/_mock/keys", {}, anonymous).status ==
                   200u);
    }
    BOOST_TEST(namespaces_listed(client).empty());

    // The Graph refusals are journaled, in the default namespace.
    auto journal = client.request("GET", "/_mock/journal", {}, admin).json();
    std::size_t refusals = 0;
    for (const auto& e : journal.at("value").as_array())
        if (e.at("kind") == "request" && e.at("status") == 401 &&
            e.at("path").as_string().starts_with("/_ns/"))
            ++refusals;
    BOOST_TEST(refusals == 2 * beyond_the_limit);

    // The admin and a bot with a token of the mock's still get new namespaces.
    auto minted =
        client.request("POST", "/_mock/tokens", R"({"roles": ["Calls.Initiate.All"]})", admin);
    BOOST_TEST_REQUIRE(minted.status == 200u);
    const Headers bot{
        {"Authorization", "Bearer " + std::string(minted.json().at("access_token").as_string())}};
    BOOST_TEST(client.request("GET", "/_ns/bot" + hold_call, {}, bot).status == 200u);
    BOOST_TEST(client.request("POST", "/_ns/admin/_mock/reset", {}, admin).status == 200u);
    auto names = namespaces_listed(client);
    std::sort(names.begin(), names.end());
    BOOST_TEST((names == std::vector<std::string>{"admin", "bot"}));
}

// Under --auth bearer (the default) a Graph request without a token is refused too, and makes
// no namespace.
BOOST_FIXTURE_TEST_CASE(a_graph_request_without_a_token_makes_no_namespace_under_bearer,
                        ServerOn<one_namespace>) {
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(
            client.request("GET", "/_ns/n" + std::to_string(i) + hold_call, {}, anonymous).status ==
            401u);
    BOOST_TEST(namespaces_listed(client).empty());
    BOOST_TEST(client.get("/_ns/real" + hold_call).status == 200u);
    BOOST_TEST(namespaces_listed(client).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
