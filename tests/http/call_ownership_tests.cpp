// Under --auth jwt a call belongs to the app that created or answered it, in its tenant: another
// app of the tenant is told the call does not exist (404 8522), another tenant is refused (403
// 7505), and neither changes anything. --no-call-ownership (call_ownership = false) lifts it.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;

namespace {

const std::string create = "/v1.0/communications/calls";
const std::string calls = create + "/";
const std::string& fixture_call = gcm::test::default_fixture::hold_call; // the bot app's
const std::string other_tenant = "aa67bd4c-8475-432d-bd41-39f255720e0a";
const std::string app_a = "0d5e2f4a-1111-4a7b-9c3d-aaaaaaaaaaaa";
const std::string app_b = "0d5e2f4a-2222-4a7b-9c3d-bbbbbbbbbbbb";
const std::string app_c = "0d5e2f4a-3333-4a7b-9c3d-cccccccccccc";

gcm::app::AppConfig jwt_config(bool ownership = true) {
    auto config = default_config();
    config.auth = gcm::app::AuthMode::jwt;
    config.call_ownership = ownership;
    return config;
}

// A token of the mock's authority for `app` in `tenant`, with every calling role.
Headers token_of(HttpClient& client, const std::string& app, const std::string& tenant) {
    json::object claims{{"appId", app}, {"tenantId", tenant}};
    json::array roles;
    for (const auto& role : gcm::app::calling_roles())
        roles.emplace_back(role);
    claims["roles"] = std::move(roles);
    auto r = client.post("/_mock/tokens", json::serialize(claims));
    BOOST_TEST_REQUIRE(r.status == 200u);
    return {{"Authorization", "Bearer " + std::string(r.json().at("access_token").as_string())}};
}

std::string create_body(const std::string& tenant) {
    return create_call_body(
        {.modalities = R"(["Audio"])", .tenant = tenant, .extra = R"(, "direction": "Outgoing")"});
}

const std::string answer_body =
    R"({"callbackUri": "https://bot.example/cb", "acceptedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})";

std::string state_of(HttpClient& client, const std::string& id, const Headers& as) {
    auto r = client.request("GET", calls + id, {}, as);
    return r.status == 200u ? std::string(r.json().at("state").as_string()) : "";
}

void expect_error(const HttpResponse& r, unsigned status, const std::string& code) {
    BOOST_TEST(r.status == status);
    if (r.status == status)
        BOOST_TEST(r.json().at("error").at("code").as_string() == code);
}

// Every kind of call-scoped route: the call, an action, a participant's, the collections.
struct Attempt {
    std::string method;
    std::string path; // after calls/{id}
    std::string body;
};
std::vector<Attempt> attempts() {
    return {{"GET", "", ""},
            {"POST", "/mute", "{}"},
            {"POST", "/keepAlive", ""},
            {"GET", "/participants", ""},
            {"GET", "/operations", ""},
            {"GET", "/audioRoutingGroups", ""},
            {"GET", "/contentSharingSessions", ""},
            {"DELETE", "", ""}};
}

// Tokens of apps A and B in the server's tenant, and of app C in another.
struct ThreeApps {
    Headers a, b, c;
};
ThreeApps three_apps(HttpClient& client) {
    const auto tenant = jwt_config().tenant_id;
    return {.a = token_of(client, app_a, tenant),
            .b = token_of(client, app_b, tenant),
            .c = token_of(client, app_c, other_tenant)};
}

// A call app A created, established: its id.
std::string call_of(HttpClient& client, const Headers& a) {
    auto created = client.request("POST", create, create_body(jwt_config().tenant_id), a);
    BOOST_TEST_REQUIRE(created.status == 201u);
    const std::string id(created.json().at("id").as_string());
    BOOST_TEST_REQUIRE(wait_until([&] { return state_of(client, id, a) == "established"; }));
    return id;
}

} // namespace

using JwtServer = ServerOn<+[] { return jwt_config(); }>;

BOOST_AUTO_TEST_SUITE(call_ownership)

BOOST_FIXTURE_TEST_CASE(a_call_answers_only_the_app_that_created_it_in_its_tenant, JwtServer) {
    const auto [a, b, c] = three_apps(client);
    const auto id = call_of(client, a);

    const auto before = server.state_snapshot();
    for (const auto& [method, path, body] : attempts()) {
        BOOST_TEST_CONTEXT(method << " calls/{id}" << path) {
            expect_error(client.request(method, calls + id + path, body, b), 404, "8522");
            auto foreign = client.request(method, calls + id + path, body, c);
            expect_error(foreign, 403, "7505");
            BOOST_TEST(foreign.json().at("error").at("message") ==
                       "Request authorization tenant mismatch.");
        }
    }
    // A participant's route too.
    const auto participants = client.request("GET", calls + id + "/participants", {}, a).json();
    const std::string member(participants.at("value").at(0).at("id").as_string());
    expect_error(client.request("GET", calls + id + "/participants/" + member, {}, b), 404, "8522");
    // Nothing changed: the call is still there, not muted.
    BOOST_TEST((server.state_snapshot() == before));

    // Its own app acts on it.
    BOOST_TEST(client.request("GET", calls + id, {}, a).status == 200u);
    BOOST_TEST(client.request("POST", calls + id + "/mute", "{}", a).status == 200u);
    BOOST_TEST(client.request("DELETE", calls + id, {}, a).status == 204u);
}

BOOST_FIXTURE_TEST_CASE(a_call_for_another_tenant_is_not_created, JwtServer) {
    const auto a = token_of(client, app_a, jwt_config().tenant_id);
    const auto before = server.state_snapshot();
    expect_error(client.request("POST", create, create_body(other_tenant), a), 403, "7505");
    BOOST_TEST((server.state_snapshot() == before));
}

BOOST_FIXTURE_TEST_CASE(an_incoming_call_is_its_target_apps, JwtServer) {
    const auto [a, b, c] = three_apps(client);
    auto rung =
        client.post("/_mock/calls/incoming",
                    R"({"targets": [{"identity": {"application": {"id": ")" + app_a + R"("}}}]})");
    BOOST_TEST_REQUIRE(rung.status == 201u);
    const std::string id(rung.json().at("id").as_string());
    const auto before = server.state_snapshot();
    expect_error(client.request("POST", calls + id + "/answer", answer_body, b), 404, "8522");
    expect_error(client.request("POST", calls + id + "/answer", answer_body, c), 403, "7505");
    BOOST_TEST((server.state_snapshot() == before));
    BOOST_TEST(client.request("POST", calls + id + "/answer", answer_body, a).status == 202u);
    BOOST_TEST(wait_until([&] { return state_of(client, id, a) == "established"; }));
    expect_error(client.request("GET", calls + id, {}, b), 404, "8522");
    expect_error(client.request("GET", calls + id, {}, c), 403, "7505");
}

// A fixture's call is its source application's (here the default bot app), in its tenantId.
BOOST_FIXTURE_TEST_CASE(a_fixture_call_is_its_applications, JwtServer) {
    const auto config = jwt_config();
    BOOST_TEST(client
                   .request("GET", calls + fixture_call, {},
                            token_of(client, config.bot_app_id, config.tenant_id))
                   .status == 200u);
    expect_error(
        client.request("GET", calls + fixture_call, {}, token_of(client, app_b, config.tenant_id)),
        404, "8522");
    expect_error(client.request("GET", calls + fixture_call, {},
                                token_of(client, config.bot_app_id, other_tenant)),
                 403, "7505");
}

BOOST_AUTO_TEST_CASE(no_call_ownership_lets_every_token_act_on_every_call) {
    TestServer server(jwt_config(false));
    auto client = server.client();
    const auto [a, b, c] = three_apps(client);
    const auto id = call_of(client, a);
    BOOST_TEST_REQUIRE(state_of(client, id, b) == "established");
    BOOST_TEST(client.request("GET", calls + id, {}, c).status == 200u);
    BOOST_TEST(client.request("POST", calls + id + "/mute", "{}", c).status == 200u);
    BOOST_TEST(client.request("DELETE", calls + id, {}, c).status == 204u);
    BOOST_TEST(client.request("POST", create, create_body(other_tenant), a).status == 201u);
}

BOOST_AUTO_TEST_SUITE_END()
