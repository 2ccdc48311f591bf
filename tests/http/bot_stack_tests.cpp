// What real bot stacks need of the mock, over loopback: TLS and plain HTTP on one port (a TLS
// client that stalls in its handshake is cut off like a slow plain one), both action forms and
// $count, enum values in any case, the token authority (secret and certificate, its errors),
// --auth jwt's checks, and notification tokens and headers a sample bot's validator accepts.
#include "client_assertion.hpp"
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "gcm/auth/jwt.hpp"
#include "jwt_check.hpp"
#include "receiver.hpp"
#include "test_server.hpp"
#include "tls_client.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

const std::string tenant = "aa67bd4c-8475-432d-bd41-39f255720e0a";
const std::string bot_app = "2891555a-92ff-42e6-80fa-6e1300c6b5c6";

std::string ca_of(TestServer& server) {
    return server.server().application().config().tls_ca_pem;
}

// As C# bots write it: enum values capitalized, the direction given.
std::string create_body(const std::string& callback) {
    return create_call_body({.callback = callback,
                             .modalities = R"(["Audio"])",
                             .extra = R"(, "direction": "Outgoing")"});
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (!out.empty())
            out += '&';
        out += k + "=";
        for (unsigned char c : v) {
            if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
                out += static_cast<char>(c);
            else {
                char hex[4];
                std::snprintf(hex, sizeof hex, "%%%02X", c);
                out += hex;
            }
        }
    }
    return out;
}

const Headers form_type{{"Content-Type", "application/x-www-form-urlencoded"},
                        {"Authorization", ""}};

std::string token_endpoint() {
    return "/" + tenant + "/oauth2/v2.0/token";
}

HttpResponse ask_token(HttpClient& client,
                       std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("grant_type", "client_credentials");
    fields.emplace_back("scope", "https://graph.microsoft.com/.default");
    return client.request("POST", token_endpoint(), form(fields), form_type);
}

gcm::app::AppConfig jwt_config() {
    auto config = default_config();
    config.auth = gcm::app::AuthMode::jwt;
    config.apps.push_back({bot_app, "bot", tenant, {"s3cret"}, {}, gcm::app::calling_roles()});
    return config;
}

std::string minted(HttpClient& client, const std::string& claims) {
    auto r = client.post("/_mock/tokens", claims);
    BOOST_TEST_REQUIRE(r.status == 200u);
    return std::string(r.json().at("access_token").as_string());
}

Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

} // namespace

using JwtServer = ServerOn<jwt_config>;

BOOST_AUTO_TEST_SUITE(bot_stacks)

BOOST_FIXTURE_TEST_CASE(tls_and_plain_http_share_one_port, ServerFixture) {
    const auto ca = ca_of(server);
    BOOST_TEST_REQUIRE(ca.find("BEGIN CERTIFICATE") != std::string::npos);
    BOOST_TEST(server.client().get("/_mock/health").status == 200u);
    auto secure = https_request(server.port(), ca, "GET", "/_mock/health");
    BOOST_TEST(secure.status == 200u);
    // The certificate also names 127.0.0.1.
    BOOST_TEST(
        https_request(server.port(), ca, "GET", "/_mock/health", {}, {}, "127.0.0.1").status ==
        200u);
    // The CA is served, to trust before the first call.
    auto pem = server.client().get("/_mock/ca.pem");
    BOOST_TEST(pem.body == ca);
    BOOST_TEST(pem.header("content-type") == "application/x-pem-file");
    // Location and @odata.context follow the scheme the request came in on.
    auto created = https_request(server.port(), ca, "POST", "/v1.0/communications/calls",
                                 create_body("https://bot.example/cb"));
    BOOST_TEST_REQUIRE(created.status == 201u);
    const auto origin = "https://localhost:" + std::to_string(server.port());
    BOOST_TEST(created.header("location").starts_with(origin + "/v1.0/communications/calls/"));
    BOOST_TEST(created.json().at("@odata.context").as_string().starts_with(origin));
    auto plain = server.client().get(calls + hold_call);
    BOOST_TEST(plain.json().at("@odata.context").as_string().starts_with("http://"));
}

BOOST_AUTO_TEST_CASE(a_tls_client_that_stalls_in_its_handshake_is_cut_off) {
    gcm::http::ServerOptions options;
    options.read_timeout = std::chrono::milliseconds(300);
    TestServer server(default_config(), options);
    // The start of a TLS record that announces more bytes than ever come.
    const std::string partial_hello("\x16\x03\x01\x00\x80\x01\x00\x00\x7c\x03\x03", 11);
    const auto started = std::chrono::steady_clock::now();
    auto answer = server.client().raw_exchange(partial_hello, std::chrono::seconds(10));
    const auto waited = std::chrono::steady_clock::now() - started;
    BOOST_TEST(answer.empty());
    BOOST_TEST((waited < std::chrono::seconds(5))); // closed by the server, not by our limit
    // Nothing at all is cut off the same way.
    const auto quiet = std::chrono::steady_clock::now();
    BOOST_TEST(server.client().raw_exchange("", std::chrono::seconds(10)).empty());
    BOOST_TEST((std::chrono::steady_clock::now() - quiet < std::chrono::seconds(5)));
}

BOOST_FIXTURE_TEST_CASE(every_action_answers_in_both_forms, ServerFixture) {
    struct Row {
        std::string method, path, body;
        unsigned status;
    };
    // Each pair runs on a fresh state, plain form then qualified form.
    const std::vector<Row> rows = {
        {"POST", calls + hold_call + "/participants/" + held + "/stopHoldMusic", "{}", 202},
        {"POST", calls + hold_call + "/participants/" + held + "/mute", "{}", 200},
        {"POST", calls + hold_call + "/keepAlive", "", 200},
        {"POST", calls + hold_call + "/mute", "{}", 200},
        {"POST", calls + hold_call + "/subscribeToTone", "{}", 200},
        {"POST", calls + group_call + "/participants/invite",
         R"({"participants": [{"identity": {"user": {"id": "u-new"}}}]})", 200},
        {"POST", calls + "logTeleconferenceDeviceQuality", R"({"quality": {}})", 200},
    };
    auto client = server.client();
    for (const auto& row : rows) {
        const auto slash = row.path.rfind('/');
        const auto qualified =
            row.path.substr(0, slash + 1) + "microsoft.graph." + row.path.substr(slash + 1);
        for (const auto& path : {row.path, qualified}) {
            BOOST_TEST_CONTEXT(path) {
                BOOST_TEST_REQUIRE(client.post("/_mock/reset").status == 200u);
                BOOST_TEST(client.request(row.method, path, row.body).status == row.status);
            }
        }
    }
    // Not an action: a navigation segment does not take the qualifier.
    BOOST_TEST(client.get(calls + hold_call + "/microsoft.graph.participants").status == 404u);
}

BOOST_FIXTURE_TEST_CASE(count_segments_answer_the_size_as_text, ServerFixture) {
    const auto list = client.get(calls + group_call + "/participants").json();
    auto count = client.get(calls + group_call + "/participants/$count");
    BOOST_TEST(count.status == 200u);
    BOOST_TEST(count.header("content-type") == "text/plain");
    BOOST_TEST(count.body == std::to_string(list.at("value").as_array().size()));
    BOOST_TEST(client.get(calls + group_call + "/operations/$count").body == "0");
    BOOST_TEST(client.get(calls + "nobody/participants/$count").status == 404u);
}

BOOST_AUTO_TEST_CASE(the_token_authority_grants_to_a_secret_and_to_a_certificate) {
    auto config = default_config();
    const auto cert = make_test_certificate();
    config.apps.push_back(
        {"cert-app", "cert app", tenant, {}, {cert.certificate_pem}, {"Calls.Initiate.All"}});
    config.apps.push_back({bot_app, "bot", tenant, {"s3cret"}, {}, gcm::app::calling_roles()});
    TestServer server(config);
    auto client = server.client();
    auto& signer = server.server().application().signer();

    auto by_secret = ask_token(client, {{"client_id", bot_app}, {"client_secret", "s3cret"}});
    BOOST_TEST_REQUIRE(by_secret.status == 200u);
    BOOST_TEST(by_secret.json().at("token_type") == "Bearer");
    BOOST_TEST(by_secret.json().at("expires_in").to_number<int>() > 0);
    auto claims = signer.verify_access_token(by_secret.json().at("access_token").as_string());
    BOOST_TEST_REQUIRE(claims.has_value());
    BOOST_TEST(claims->app_id == bot_app);
    BOOST_TEST(claims->tenant_id == tenant);
    BOOST_TEST(claims->roles.size() == 5u);

    const auto audience = "http://127.0.0.1:" + std::to_string(server.port()) + token_endpoint();
    for (auto alg : {AssertionAlg::rs256, AssertionAlg::ps256}) {
        auto by_cert = ask_token(
            client,
            {{"client_id", "cert-app"},
             {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
             {"client_assertion", client_assertion(cert, "cert-app", audience, alg)}});
        BOOST_TEST_REQUIRE(by_cert.status == 200u, by_cert.body);
        auto granted = signer.verify_access_token(by_cert.json().at("access_token").as_string());
        BOOST_TEST_REQUIRE(granted.has_value());
        BOOST_TEST((granted->roles == std::vector<std::string>{"Calls.Initiate.All"}));
    }
    // The OpenID configuration MSAL reads names this token endpoint, and an issuer equal to the
    // authority it was asked under.
    auto oidc = client.get("/" + tenant + "/.well-known/openid-configuration").json();
    BOOST_TEST(oidc.at("token_endpoint").as_string().ends_with(token_endpoint()));
    BOOST_TEST(oidc.at("issuer").as_string().ends_with("/" + tenant));
    BOOST_TEST(client
                   .get(std::string(oidc.at("jwks_uri").as_string())
                            .substr(("http://127.0.0.1:" + std::to_string(server.port())).size()))
                   .status == 200u);
}

BOOST_AUTO_TEST_CASE(the_token_authority_refuses_in_the_identity_platform_s_shape) {
    auto config = default_config();
    const auto cert = make_test_certificate();
    const auto other = make_test_certificate();
    config.apps.push_back({bot_app, "bot", tenant, {"s3cret"}, {cert.certificate_pem}, {}});
    TestServer server(config);
    auto client = server.client();
    const auto audience = "http://127.0.0.1:" + std::to_string(server.port()) + token_endpoint();
    const auto assertion_type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    struct Row {
        const char* name;
        std::vector<std::pair<std::string, std::string>> fields;
        unsigned status;
        std::string error;
        int code;
    };
    const std::vector<Row> rows = {
        {"wrong secret",
         {{"client_id", bot_app}, {"client_secret", "nope"}},
         401,
         "invalid_client",
         7000215},
        {"unknown app",
         {{"client_id", "someone"}, {"client_secret", "s3cret"}},
         400,
         "unauthorized_client",
         700016},
        {"no credential", {{"client_id", bot_app}}, 401, "invalid_client", 7000218},
        {"unregistered certificate",
         {{"client_id", bot_app},
          {"client_assertion_type", assertion_type},
          {"client_assertion", client_assertion(other, bot_app, audience, AssertionAlg::rs256)}},
         401,
         "invalid_client",
         700027},
        {"expired assertion",
         {{"client_id", bot_app},
          {"client_assertion_type", assertion_type},
          {"client_assertion", client_assertion(cert, bot_app, audience, AssertionAlg::ps256,
                                                std::chrono::seconds(-120))}},
         401,
         "invalid_client",
         700027},
        {"assertion for another endpoint",
         {{"client_id", bot_app},
          {"client_assertion_type", assertion_type},
          {"client_assertion",
           client_assertion(cert, bot_app, "https://elsewhere/token", AssertionAlg::rs256)}},
         401,
         "invalid_client",
         700027},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.name) {
            auto r = ask_token(client, row.fields);
            BOOST_TEST(r.status == row.status);
            const auto body = r.json();
            BOOST_TEST(body.at("error").as_string() == row.error);
            BOOST_TEST(body.at("error_codes").at(0).to_number<int>() == row.code);
            BOOST_TEST(body.at("error_description")
                           .as_string()
                           .starts_with("AADSTS" + std::to_string(row.code) + ":"));
        }
    }
    auto bad_scope = client.request("POST", token_endpoint(),
                                    form({{"client_id", bot_app},
                                          {"client_secret", "s3cret"},
                                          {"grant_type", "client_credentials"},
                                          {"scope", "openid"}}),
                                    form_type);
    BOOST_TEST(bad_scope.json().at("error") == "invalid_scope");
    auto bad_grant = client.request(
        "POST", token_endpoint(),
        form({{"client_id", bot_app}, {"client_secret", "s3cret"}, {"grant_type", "password"}}),
        form_type);
    BOOST_TEST(bad_grant.json().at("error") == "unsupported_grant_type");
}

BOOST_FIXTURE_TEST_CASE(auth_jwt_refuses_bad_tokens_and_changes_nothing, JwtServer) {
    const auto before = server.state_snapshot();
    const auto stop = calls + hold_call + "/participants/" + held + "/stopHoldMusic";
    const auto good = minted(client, R"({"appId": ")" + bot_app + R"("})");
    auto tampered = good;
    tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
    struct Row {
        const char* name;
        Headers headers;
        unsigned status;
        std::string code;
        std::string says;
    };
    const std::vector<Row> rows = {
        {"no token", {{"Authorization", ""}}, 401, "InvalidAuthenticationToken", "empty"},
        {"not a JWT", bearer("test-token"), 401, "InvalidAuthenticationToken", "CompactToken"},
        {"expired", bearer(minted(client, R"({"lifetimeSeconds": -60})")), 401,
         "InvalidAuthenticationToken", "expired"},
        {"wrong audience", bearer(minted(client, R"({"audience": "api://someone-else"})")), 401,
         "InvalidAuthenticationToken", "audience"},
        {"tampered signature", bearer(tampered), 401, "InvalidAuthenticationToken", "signature"},
        {"no role", bearer(minted(client, R"({"roles": []})")), 403, "7504",
         "Calls.JoinGroupCallAsGuest.All"},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.name) {
            auto r = client.request("POST", stop, "{}", row.headers);
            BOOST_TEST(r.status == row.status);
            BOOST_TEST(r.json().at("error").at("code").as_string() == row.code);
            BOOST_TEST(r.json().at("error").at("message").as_string().find(row.says) !=
                       json::string::npos);
        }
    }
    BOOST_TEST((server.state_snapshot() == before));
    auto ok = client.request("POST", stop, "{}", bearer(good));
    BOOST_TEST(ok.status == 202u);
}

BOOST_AUTO_TEST_CASE(notification_tokens_and_headers_satisfy_a_sample_bot) {
    Receiver bot;
    auto config = jwt_config();
    config.notifications = true;
    config.engine.call_setup = std::chrono::milliseconds(20);
    TestServer server(config);
    auto client = server.client();
    const auto token = minted(client, R"({"appId": "app-that-calls", "tenantId": ")" + tenant +
                                          R"(", "roles": ["Calls.Initiate.All"]})");
    auto headers = bearer(token);
    headers.emplace_back("scenario-id", "scen-42");
    auto created =
        client.request("POST", "/v1.0/communications/calls", create_body(bot.url()), headers);
    BOOST_TEST_REQUIRE(created.status == 201u);
    BOOST_TEST(created.header("scenario-id") == "scen-42");
    const std::string chain(created.json().at("callChainId").as_string());
    // establishing, established, the media connecting, the roster: all of them, before the
    // incoming calls below add theirs.
    BOOST_TEST_REQUIRE(bot.wait_for(4));
    const auto jwks = client.get("/_mock/keys").json().as_object();
    for (const auto& r : bot.received()) {
        const auto bearer_token = r.headers.at("authorization").substr(7);
        auto claims = verified_claims(bearer_token, jwks);
        BOOST_TEST_REQUIRE(claims.has_value());
        BOOST_TEST(claims->at("aud") == "app-that-calls"); // the app whose token created it
        BOOST_TEST(claims->at("iss") == "https://api.botframework.com");
        BOOST_TEST(claims->at("tid").as_string() == tenant);
        BOOST_TEST(
            claims->at("http://schemas.microsoft.com/identity/claims/tenantid").as_string() ==
            tenant);
        const auto header = gcm::auth::parse_jwt(bearer_token).value().header;
        BOOST_TEST(header.at("kid") == jwks.at("keys").at(0).at("kid"));
        BOOST_TEST(header.at("x5t") == jwks.at("keys").at(0).at("x5t"));
        BOOST_TEST(r.headers.at("x-microsoft-skype-chain-id") == chain);
        BOOST_TEST(r.headers.at("scenario-id") == "scen-42");
        BOOST_TEST(r.headers.at("user-agent") == "Microsoft-Skype/3.0,(Calling/1.0)");
    }

    // An incoming call: its application target is the audience; without one, --bot-app-id.
    for (const auto& [body, audience] : std::vector<std::pair<std::string, std::string>>{
             {R"({"callbackUri": ")" + bot.url() +
                  R"(", "targets": [{"identity": {"application": {"id": "incoming-bot"}}}]})",
              "incoming-bot"},
             {R"({"callbackUri": ")" + bot.url() + R"("})", bot_app}}) {
        const auto seen = bot.received().size();
        BOOST_TEST_REQUIRE(client.post("/_mock/calls/incoming", body).status == 201u);
        BOOST_TEST_REQUIRE(bot.wait_for(seen + 1));
        const auto last = bot.received().at(seen);
        auto claims = verified_claims(last.headers.at("authorization").substr(7), jwks);
        BOOST_TEST_REQUIRE(claims.has_value());
        BOOST_TEST(claims->at("aud").as_string() == audience);
        BOOST_TEST(claims->at("tid").as_string() == config.tenant_id); // --tenant-id
    }
}

BOOST_AUTO_TEST_SUITE_END()
