// HTTP: fault rules — a seeded probability repeats; a 429 carries Retry-After and a retry too
// soon is throttled again; Graph error codes per status; delays; connection resets, closes and
// truncated bodies; operations that never complete; calls that never come up; notifications
// dropped, duplicated, delayed and reordered at a real receiver; refusals naming the member;
// persistence across reset; per namespace.
#include "control_plane.hpp"
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "receiver.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>
#include <thread>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

const std::string call = call_path(one_call::id);
const std::string prompt = call + "/playPrompt";
const std::string prompt_body = R"({"clientContext": "c-1",
  "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
    "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav", "resourceId": "r-1"}}]})";

// The one call of fixtures/test/one-call.json, notifications off.
gcm::app::AppConfig quiet() {
    return test_fixture_config({.notifications = false});
}

std::string add(HttpClient& client, const std::string& rule, const std::string& prefix = "") {
    auto r = client.post(prefix + "/_mock/faults", rule);
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    return std::string(r.json().at("id").as_string());
}

// What 40 GETs of the call answered, as one string of 2s and 5s.
std::string statuses(HttpClient& client, const std::string& prefix = "") {
    std::string out;
    for (int i = 0; i < 40; ++i)
        out += std::to_string(client.get(prefix + call).status / 100);
    return out;
}

// The call state changes the bot was told of, in the order it heard them (rosters and media
// states aside).
std::vector<std::string> states_heard(const Receiver& bot) {
    std::vector<std::string> out;
    for (const auto& r : bot.received()) {
        const auto body = r.json();
        for (const auto& n : body.at("value").as_array())
            if (const auto* data = n.at("resourceData").if_object())
                // A state change: the media-state update after established repeats the state.
                if (const auto* state = data->if_contains("state");
                    state && !data->contains("mediaState"))
                    out.emplace_back(state->as_string());
    }
    return out;
}

std::vector<json::value> journal(HttpClient& client, const std::string& prefix = "") {
    auto v = client.get(prefix + "/_mock/journal").json().at("value").as_array();
    return {v.begin(), v.end()};
}

} // namespace

using QuietServer = ServerOn<quiet>;

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(a_seeded_rule_makes_the_same_sequence_twice) {
    const std::string rule = R"({"match": {"method": "GET", "path": "/v1.0/communications/calls/*",
        "probability": 0.5}, "seed": 42, "respond": {"status": 503, "retryAfterSeconds": 0}})";
    TestServer server(quiet());
    auto client = server.client();
    add(client, rule);
    const auto first = statuses(client);
    BOOST_TEST(first.find('2') != std::string::npos); // both outcomes occur
    BOOST_TEST(first.find('5') != std::string::npos);
    BOOST_TEST(client.del("/_mock/faults").status == 204u);
    add(client, rule);
    BOOST_TEST(statuses(client) == first);
    // Another server, the same rule: the same sequence.
    TestServer other(quiet());
    auto other_client = other.client();
    add(other_client, rule);
    BOOST_TEST(statuses(other_client) == first);
}

BOOST_AUTO_TEST_CASE(without_a_seed_of_its_own_a_rule_draws_from_the_server_seed) {
    const std::string rule = R"({"match": {"path": "/v1.0/communications/calls/*",
        "probability": 0.5}, "respond": {"status": 500}})";
    auto config = quiet();
    config.seed = 7;
    std::vector<std::string> runs;
    for (int run = 0; run < 2; ++run) {
        TestServer server(config);
        auto client = server.client();
        add(client, rule, "/_ns/n");
        runs.push_back(statuses(client, "/_ns/n"));
    }
    BOOST_TEST(runs[0] == runs[1]);
    BOOST_TEST(runs[0].find('2') != std::string::npos);
    BOOST_TEST(runs[0].find('5') != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_429_is_honoured_and_a_retry_too_soon_is_throttled_again, QuietServer) {
    add(client,
        R"({"match": {"method": "POST", "path": "/v1.0/communications/calls/{id}/playPrompt",
                    "times": 1}, "respond": {"status": 429, "retryAfterSeconds": 1}})");
    auto throttled = client.post(prompt, prompt_body);
    BOOST_TEST(throttled.status == 429u);
    BOOST_TEST(throttled.header("retry-after") == "1");
    BOOST_TEST(throttled.json().at("error").at("code") == "TooManyRequests");
    BOOST_TEST(throttled.json().at("error").at("innerError").at("request-id").as_string() ==
               throttled.header("request-id"));
    // Retried at once, before Retry-After has passed: throttled again (the rule's one time is
    // spent, but the service remembers what it said).
    auto again = client.post(prompt, prompt_body);
    BOOST_TEST(again.status == 429u);
    BOOST_TEST(again.header("retry-after") == "1");
    // A refused request changes nothing: no operation was started.
    BOOST_TEST(client.get(call + "/operations").json().at("value").as_array().empty());
    // A client that honours Retry-After waits it out; then the call goes through.
    std::this_thread::sleep_for(std::chrono::seconds(std::stoi(again.header("retry-after"))));
    auto through = client.post(prompt, prompt_body);
    BOOST_TEST(through.status == 200u);
    const auto listed = client.get("/_mock/faults").json().at("value").at(0);
    BOOST_TEST(listed.at("matched") == 3);
    BOOST_TEST(listed.at("fired") == 2);
    // Every request is journaled once, the refused ones with their status and the rule.
    std::vector<std::int64_t> seen;
    for (const auto& e : journal(client))
        if (e.at("kind") == "request" && e.at("method") == "POST") {
            seen.push_back(e.at("status").as_int64());
            BOOST_TEST((e.as_object().contains("fault") == (e.at("status") == 429)));
        }
    BOOST_TEST((seen == std::vector<std::int64_t>{429, 429, 200}));
}

BOOST_AUTO_TEST_CASE(respond_answers_with_graph_s_code_for_each_status) {
    struct Case {
        std::string respond;
        unsigned status;
        std::string code;
        std::string retry_after; // "" for none
    };
    const std::vector<Case> cases = {
        {R"({"status": 500})", 500, "UnknownError", ""},
        {R"({"status": 503})", 503, "ServiceUnavailable", "2"},
        {R"({"status": 503, "retryAfterSeconds": 7})", 503, "ServiceUnavailable", "7"},
        {R"({"status": 404, "code": "8522", "message": "Call not found."})", 404, "8522", ""},
        {R"({"status": 502})", 502, "BadGateway", ""},
        {R"({"status": 400, "retryAfterSeconds": 3})", 400, "BadRequest", "3"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.respond) {
            TestServer server(quiet());
            auto client = server.client();
            add(client, R"({"match": {"times": 1}, "respond": )" + c.respond + "}");
            auto r = client.get(call);
            BOOST_TEST(r.status == c.status);
            BOOST_TEST(r.json().at("error").at("code").as_string() == c.code);
            BOOST_TEST(r.header("retry-after") == c.retry_after);
            // Once, unless it said when to come back: a retry before then is throttled again.
            BOOST_TEST(client.get(call).status == (c.retry_after.empty() ? 200u : c.status));
        }
    }
}

BOOST_AUTO_TEST_CASE(refused_rules_name_the_member_and_change_nothing) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"[1]", "must be a JSON object"},
        {"{]", "the body is not JSON"},
        {"{}", "needs an effect"},
        {R"({"respond": {"status": 200}})", "'respond.status' must be between 400 and 599"},
        {R"({"respond": {}})", "'respond.status' is required"},
        {R"({"respond": {"status": 404, "code": 8522}})", "'respond.code' must be a non-empty"},
        {R"({"respond": {"status": 429, "retryAfter": 1}})",
         "'respond.retryAfter' is not a member"},
        {R"({"delayMs": -1})", "'delayMs' must be between 0 and 300000"},
        {R"({"delayMs": {"min": 50, "max": 10}})", "'delayMs.max' must be between 50"},
        {R"({"connection": "hangup"})", "'connection' must be reset"},
        {R"({"notification": "lose"})", "'notification' must be drop"},
        {R"({"notification": "drop", "respond": {"status": 500}})", "cannot be combined"},
        {R"({"notification": "drop", "match": {"method": "GET"}})",
         "'match.method' is not a member"},
        {R"({"operation": "fails"})", "'operation' must be never-completes"},
        {R"({"call": {"establishingMs": 10}})", "'call.resultInfo' is required"},
        {R"({"call": {"resultInfo": {"code": "x"}}})", "call.resultInfo.code"},
        {R"({"respond": {"status": 500}, "match": {"path": "calls"}})",
         "'match.path' must be an absolute"},
        {R"({"respond": {"status": 500}, "match": {"method": "FETCH"}})",
         "'match.method' must be an HTTP method"},
        {R"({"respond": {"status": 500}, "match": {"nth": 0}})", "'match.nth' must be between 1"},
        {R"({"respond": {"status": 500}, "match": {"probability": 2}})",
         "'match.probability' must be a number from 0 to 1"},
        {R"({"respond": {"status": 500}, "seed": -3})", "'seed' must be a non-negative integer"},
        {R"({"respond": {"status": 500}, "persistent": "yes"})",
         "'persistent' must be true or false"},
        {R"({"respond": {"status": 500}, "effect": "x"})",
         "'effect' is not a member of a fault rule"},
    };
    TestServer server(quiet());
    auto client = server.client();
    for (const auto& [rule, message] : cases) {
        BOOST_TEST_CONTEXT(rule) {
            auto r = client.post("/_mock/faults", rule);
            BOOST_TEST(r.status == 400u);
            const std::string text(r.json().at("error").at("message").as_string());
            BOOST_TEST(text.find(message) != std::string::npos, text);
        }
    }
    BOOST_TEST(client.get("/_mock/faults").json().at("value").as_array().empty());
    BOOST_TEST(client.get(call).status == 200u);
}

BOOST_FIXTURE_TEST_CASE(rules_are_listed_deleted_and_only_persistent_ones_survive_reset,
                        QuietServer) {
    const auto kept =
        add(client,
            R"({"match": {"method": "DELETE"}, "respond": {"status": 500}, "persistent": true})");
    const auto gone = add(client, R"({"match": {"method": "PATCH"}, "respond": {"status": 500}})");
    auto listed = client.get("/_mock/faults").json().at("value").as_array();
    BOOST_TEST_REQUIRE(listed.size() == 2u);
    BOOST_TEST(listed[0].at("id").as_string() == kept);
    BOOST_TEST(listed[0].at("persistent") == true);
    BOOST_TEST(listed[1].at("match").at("method") == "PATCH");
    BOOST_TEST(client.post("/_mock/reset").status == 200u);
    listed = client.get("/_mock/faults").json().at("value").as_array();
    BOOST_TEST_REQUIRE(listed.size() == 1u);
    BOOST_TEST(listed[0].at("id").as_string() == kept);
    BOOST_TEST(client.del("/_mock/faults/" + gone).status == 404u);
    BOOST_TEST(client.del("/_mock/faults/" + kept).status == 204u);
    BOOST_TEST(client.get("/_mock/faults").json().at("value").as_array().empty());
}

BOOST_FIXTURE_TEST_CASE(a_delay_answers_late, QuietServer) {
    add(client, R"({"match": {"method": "GET", "times": 1}, "delayMs": 300})");
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(client.get(call).status == 200u);
    BOOST_TEST((std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(300)));
    const auto entries = journal(client);
    BOOST_TEST_REQUIRE(entries.size() == 1u);
    BOOST_TEST(entries[0].at("latencyMs").to_number<double>() >= 300.0);
    // A range draws within it.
    add(client, R"({"match": {"method": "GET", "times": 1}, "delayMs": {"min": 50, "max": 80}})");
    const auto again = std::chrono::steady_clock::now();
    BOOST_TEST(client.get(call).status == 200u);
    BOOST_TEST((std::chrono::steady_clock::now() - again >= std::chrono::milliseconds(50)));
}

BOOST_AUTO_TEST_CASE(connection_faults_lose_the_answer_not_the_action) {
    for (std::string effect : {"reset", "close-before-response", "truncate-body"}) {
        BOOST_TEST_CONTEXT(effect) {
            TestServer server(quiet());
            auto client = server.client();
            add(client,
                R"({"match": {"method": "POST", "times": 1}, "connection": ")" + effect + "\"}");
            auto outcome = raw_until_closed(
                server.port(), request_bytes("POST", prompt, prompt_body), std::chrono::seconds(5));
            if (effect == "reset") {
                BOOST_TEST(outcome.reset);
                BOOST_TEST(outcome.received.empty());
            } else if (effect == "close-before-response") {
                BOOST_TEST(outcome.closed);
                BOOST_TEST(outcome.received.empty());
            } else {
                BOOST_TEST(outcome.closed);
                BOOST_TEST(outcome.received.starts_with("HTTP/1.1 200"));
                const auto length = outcome.received.find("Content-Length: ");
                const auto body = outcome.received.find("\r\n\r\n");
                BOOST_TEST_REQUIRE(length != std::string::npos);
                const auto promised = std::stoul(outcome.received.substr(length + 16));
                BOOST_TEST(outcome.received.size() - (body + 4) < promised);
                BOOST_TEST(outcome.received.size() > body + 4); // part of it came
            }
            // The prompt was started all the same, and the request is journaled once.
            BOOST_TEST(client.get(call + "/operations").json().at("value").as_array().size() == 1u);
            std::size_t requests = 0;
            for (const auto& e : journal(client))
                requests += e.at("kind") == "request" ? 1 : 0;
            BOOST_TEST(requests == 2u); // the prompt, and the GET of operations
        }
    }
}

BOOST_FIXTURE_TEST_CASE(an_operation_that_never_completes, QuietServer) {
    add(client, R"({"match": {"path": "/v1.0/communications/calls/*/playPrompt"},
                    "operation": "never-completes"})");
    auto started = client.post(prompt, prompt_body);
    BOOST_TEST_REQUIRE(started.status == 200u);
    const std::string id(started.json().at("id").as_string());
    // Ten times the time it takes otherwise (30 ms), and it has not completed.
    auto waited = client.post("/_mock/wait", R"({"for": "operation", "since": 0, "timeoutMs": 300,
        "match": {"id": ")" + id + R"(", "status": "completed"}})");
    BOOST_TEST(waited.status == 408u);
    BOOST_TEST(client.get(call + "/operations/" + id).json().at("status") == "running");
}

BOOST_AUTO_TEST_CASE(a_call_that_stays_establishing_then_ends_with_the_given_result) {
    Receiver bot;
    TestServer server(test_fixture_config({.callback = bot.url()}));
    auto client = server.client();
    add(client, R"({"match": {"method": "POST", "path": "/v1.0/communications/calls"},
        "call": {"establishingMs": 200, "resultInfo": {"code": 500, "subcode": 7106,
                 "message": "The call could not be set up."}}})");
    auto created =
        client.post("/v1.0/communications/calls", create_call_body({.callback = bot.url()}));
    BOOST_TEST_REQUIRE(created.status == 201u);
    const std::string id(created.json().at("id").as_string());
    auto ended = client.post("/_mock/wait", R"({"for": "callState", "since": 0, "timeoutMs": 5000,
        "match": {"callId": ")" + id + R"(", "state": "terminated"}})");
    BOOST_TEST_REQUIRE(ended.status == 200u);
    BOOST_TEST(ended.json().at("matched").at("resultInfo").at("code") == 500);
    BOOST_TEST(ended.json().at("matched").at("resultInfo").at("subcode") == 7106);
    BOOST_TEST(ended.json().at("call").is_null()); // gone
    // It never came up: establishing, then terminated, and the bot heard just that.
    std::vector<std::string> states;
    for (const auto& e : journal(client))
        if (e.at("kind") == "callStateChanged")
            states.emplace_back(e.at("state").as_string());
    BOOST_TEST((states == std::vector<std::string>{"establishing", "terminated"}));
    BOOST_TEST_REQUIRE(bot.wait_for(2));
    BOOST_TEST((states_heard(bot) == std::vector<std::string>{"establishing", "terminated"}));
}

BOOST_AUTO_TEST_CASE(notification_faults_at_a_real_receiver) {
    struct Case {
        std::string effect;
        std::vector<std::string> expected; // the state changes the bot hears, in order
    };
    // A new call's first "updated" on its own resource is establishing; it comes up 20 ms later.
    const std::vector<Case> cases = {
        {R"("reorder")", {"established", "establishing"}},
        {R"({"delayMs": 2000})", {"established", "establishing"}},
        {R"("duplicate")", {"establishing", "establishing", "established"}},
        {R"("drop")", {"established"}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.effect) {
            Receiver bot;
            TestServer server(test_fixture_config({.callback = bot.url()}));
            auto client = server.client();
            add(client, R"({"match": {"changeType": "updated", "times": 1,
                "resourceUrl": "/communications/calls/{id}"}, "notification": )" +
                            c.effect + "}");
            BOOST_TEST(
                client.post("/v1.0/communications/calls", create_call_body({.callback = bot.url()}))
                    .status == 201u);
            BOOST_TEST(wait_until([&] { return states_heard(bot).size() >= c.expected.size(); }));
            if (c.effect == R"("drop")") {
                // The drop is journaled (and counted); the bot heard established only, and in a
                // call's queue nothing overtakes: establishing was not merely late.
                bool dropped = false;
                for (const auto& e : journal(client))
                    dropped =
                        dropped || (e.at("kind") == "delivery" && e.at("outcome") == "dropped" &&
                                    e.at("error").as_string().find("fault-1") != std::string::npos);
                BOOST_TEST(dropped);
                BOOST_TEST(metric(client, R"(graph_mock_notifications_total{outcome="dropped"})") ==
                           1.0);
            }
            BOOST_TEST(states_heard(bot) == c.expected, boost::test_tools::per_element());
            const auto rule = client.get("/_mock/faults").json().at("value").at(0);
            BOOST_TEST(rule.at("fired") == 1);
        }
    }
}

BOOST_FIXTURE_TEST_CASE(a_rule_acts_only_in_its_namespace, QuietServer) {
    add(client, R"({"respond": {"status": 500}})", "/_ns/a");
    BOOST_TEST(client.get("/_ns/a" + call).status == 500u);
    BOOST_TEST(client.get("/_ns/b" + call).status == 200u);
    BOOST_TEST(client.get(call).status == 200u);
    BOOST_TEST(client.get("/_ns/b/_mock/faults").json().at("value").as_array().empty());
}

BOOST_AUTO_TEST_SUITE_END()
