// HTTP: verifying what the bot did — GET /_mock/requests with the pattern language, the journal
// as JSON lines and as HAR 1.2; GET /_mock/metrics; the control plane guarded by --admin-token;
// the OpenAPI document.
#include "control_plane.hpp"
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

const std::string unhold = participant_path(hold_call, held) + "/stopHoldMusic";

std::size_t count_of(HttpClient& client, const std::string& query) {
    auto r = client.get("/_mock/requests" + query);
    BOOST_TEST_REQUIRE(r.status == 200u, r.body);
    const auto body = r.json();
    BOOST_TEST(body.at("value").as_array().size() == body.at("count").to_number<std::size_t>());
    return body.at("count").to_number<std::size_t>();
}

// The series of graph_mock_requests_total for a route, method and status.
std::string requests(const std::string& route, const std::string& method, unsigned status) {
    return "graph_mock_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" +
           std::to_string(status) + "\"}";
}

} // namespace

namespace {
// The control plane guarded by --admin-token s3cret.
gcm::app::AppConfig guarded() {
    auto config = default_config();
    config.admin_token = "s3cret";
    return config;
}
} // namespace

BOOST_FIXTURE_TEST_SUITE(verify, ServerFixture)

BOOST_AUTO_TEST_CASE(requests_are_found_by_method_path_and_call) {
    BOOST_TEST(client.post(unhold, R"({"clientContext": "x"})").status == 202u);
    BOOST_TEST(client.get(calls + hold_call).status == 200u);
    BOOST_TEST(client.post(member_path + "/mute", R"({"clientContext": "y"})").status == 200u);
    BOOST_TEST(client.post(unhold + "x", "{}").status == 404u); // refused: journaled too
    BOOST_TEST(client.get("/_mock/health").status == 200u);     // control plane: not a request
    // "The bot called stopHoldMusic exactly once."
    BOOST_TEST(count_of(client, "?method=POST&path=%2Fv1.0%2Fcommunications%2Fcalls%2F%7Bid%7D"
                                "%2Fparticipants%2F*%2FstopHoldMusic") == 1u);
    BOOST_TEST(count_of(client, "?path=/v1.0/communications/calls/**") == 4u);
    BOOST_TEST(count_of(client, "?callId=" + hold_call) == 3u);
    BOOST_TEST(count_of(client, "?method=get&callId=" + hold_call) == 1u);
    BOOST_TEST(count_of(client, "?path=/v1.0/communications/calls/*/participants/*/*Music*") == 2u);
    BOOST_TEST(count_of(client, "") == 4u);
    // The entries are the journal's: with the call, the answer and its status.
    auto one = client.get("/_mock/requests?path=/v1.0/communications/calls/*/participants/*/mute")
                   .json()
                   .at("value")
                   .at(0);
    BOOST_TEST(one.at("callId").as_string() == group_call);
    BOOST_TEST(one.at("response").at("@odata.type") == "#microsoft.graph.muteParticipantOperation");
    // In a namespace, its own requests only; bad parameters are named.
    BOOST_TEST(client.get("/_ns/other/_mock/requests").json().at("count") == 0);
    auto bad = client.get("/_mock/requests?verb=GET");
    BOOST_TEST(bad.status == 400u);
    BOOST_TEST(bad.json().at("error").at("message").as_string().find("'verb'") !=
               std::string::npos);
    auto bad_path = client.get("/_mock/requests?path=calls");
    BOOST_TEST(bad_path.status == 400u);
    BOOST_TEST(bad_path.json().at("error").at("message").as_string().find("query.path") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_journal_exports_as_json_lines_and_har) {
    BOOST_TEST(client
                   .request("POST", unhold + "?trace=1", R"({"clientContext": "x"})",
                            {{"client-request-id", "c-42"}})
                   .status == 202u);
    BOOST_TEST(client.get(calls + "nope").status == 404u);
    const auto journal = client.get("/_mock/journal").json().at("value").as_array();
    for (const std::string target : {"/_mock/journal.jsonl", "/_mock/journal?format=jsonl"}) {
        BOOST_TEST_CONTEXT(target) {
            auto lines = client.get(target);
            BOOST_TEST(lines.status == 200u);
            BOOST_TEST(lines.header("content-type") == "application/x-ndjson");
            std::istringstream in(lines.body);
            std::size_t i = 0;
            for (std::string line; std::getline(in, line); ++i) {
                BOOST_TEST_REQUIRE(i < journal.size());
                BOOST_TEST((json::parse(line) == journal[i])); // the same form, a line each
            }
            BOOST_TEST(i == journal.size());
        }
    }
    auto har = client.get("/_mock/journal.har");
    BOOST_TEST(har.status == 200u);
    const auto log = har.json().at("log");
    BOOST_TEST(log.at("version") == "1.2");
    BOOST_TEST(log.at("creator").at("name") == "graph-comms-mock");
    const auto& entries = log.at("entries").as_array();
    BOOST_TEST_REQUIRE(entries.size() == 2u);
    const auto& first = entries[0];
    const auto& request = first.at("request");
    BOOST_TEST(request.at("method") == "POST");
    BOOST_TEST(request.at("url").as_string() ==
               "http://127.0.0.1:" + std::to_string(server.port()) + unhold + "?trace=1");
    BOOST_TEST(request.at("queryString").at(0).at("name") == "trace");
    BOOST_TEST(request.at("postData").at("mimeType") == "application/json");
    BOOST_TEST(json::parse(request.at("postData").at("text").as_string()).at("clientContext") ==
               "x");
    bool client_id = false;
    for (const auto& h : request.at("headers").as_array())
        client_id = client_id || (h.at("name") == "client-request-id" && h.at("value") == "c-42");
    BOOST_TEST(client_id);
    const auto& response = first.at("response");
    BOOST_TEST(response.at("status") == 202);
    BOOST_TEST(response.at("statusText") == "Accepted");
    BOOST_TEST(json::parse(response.at("content").at("text").as_string()).at("status") ==
               "completed");
    BOOST_TEST(first.at("time").to_number<double>() >= 0.0);
    BOOST_TEST(first.at("timings").at("wait") == first.at("time"));
    BOOST_TEST(entries[1].at("response").at("status") == 404);
    BOOST_TEST(json::parse(entries[1].at("response").at("content").at("text").as_string())
                   .at("error")
                   .at("code") == "8522");
}

BOOST_AUTO_TEST_CASE(metrics_count_requests_latency_notifications_and_faults) {
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(client.get(calls + hold_call).status == 200u);
    BOOST_TEST(client.get(calls + "nope").status == 404u);
    BOOST_TEST(client.get("/v1.0/communications/nowhere").status == 404u);
    BOOST_TEST(client
                   .post("/_mock/faults", R"({"match": {"method": "DELETE", "times": 1},
        "respond": {"status": 503}})")
                   .status == 201u);
    BOOST_TEST(client.del(member_path).status == 503u);
    BOOST_TEST(client.get("/_ns/m1/_mock/health").status == 200u);
    auto text = client.get("/_mock/metrics");
    BOOST_TEST(text.status == 200u);
    BOOST_TEST(text.header("content-type").starts_with("text/plain; version=0.0.4"));
    BOOST_TEST(metric(client, requests("/communications/calls/{callId}", "GET", 200)) == 3.0);
    BOOST_TEST(metric(client, requests("/communications/calls/{callId}", "GET", 404)) == 1.0);
    BOOST_TEST(metric(client, requests("(no route)", "GET", 404)) == 1.0);
    BOOST_TEST(
        metric(client, requests("/communications/calls/{callId}/participants/{participantId}",
                                "DELETE", 503)) == 1.0);
    BOOST_TEST(metric(client, requests("/_mock/health", "GET", 200)) == 1.0);
    BOOST_TEST(metric(client, "graph_mock_fault_rules_fired_total{effect=\"respond\"}") == 1.0);
    BOOST_TEST(metric(client, "graph_mock_fault_rules") == 1.0);
    BOOST_TEST(metric(client, "graph_mock_namespaces") == 1.0);
    BOOST_TEST(metric(client, "graph_mock_active_calls{namespace=\"\"}") == 2.0);
    BOOST_TEST(metric(client, "graph_mock_active_calls{namespace=\"m1\"}") == 2.0);
    // Every request so far is in the histogram (the metrics reads themselves too).
    const auto counted = metric(client, "graph_mock_request_duration_seconds_count");
    BOOST_TEST(counted >= 8.0);
    BOOST_TEST(metric(client, "graph_mock_request_duration_seconds_bucket{le=\"+Inf\"}") >=
               counted);
    // The same document in a namespace: the server's.
    BOOST_TEST(client.get("/_ns/m1/_mock/metrics").body.find("graph_mock_namespaces 1") !=
               std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(an_admin_token_guards_the_control_plane, ServerOn<guarded>) {
    const Headers admin{{"Authorization", "Bearer s3cret"}};
    const Headers wrong{{"Authorization", "Bearer s3cre"}};
    const Headers none{{"Authorization", ""}};
    const auto before = client.request("GET", "/_ns/guarded/_mock/calls", {}, admin).json();
    for (const auto& [method, target] :
         std::vector<std::pair<std::string, std::string>>{{"POST", "/_mock/reset"},
                                                          {"GET", "/_mock/journal"},
                                                          {"GET", "/_mock/nothing-here"},
                                                          {"DELETE", "/_ns/guarded"},
                                                          {"POST", "/_ns/guarded/_mock/faults"}}) {
        BOOST_TEST_CONTEXT(method << " " << target) {
            for (const auto& headers : {none, wrong}) {
                auto r = client.request(method, target, "{}", headers);
                BOOST_TEST(r.status == 401u);
                BOOST_TEST(r.json().at("error").at("code") == "InvalidAuthenticationToken");
                BOOST_TEST(r.has_header("www-authenticate"));
            }
        }
    }
    BOOST_TEST((client.request("GET", "/_ns/guarded/_mock/calls", {}, admin).json() == before));
    BOOST_TEST(client.request("POST", "/_mock/reset", {}, admin).status == 200u);
    // What health checks and bots need stays open.
    for (const std::string open :
         {"/_mock/health", "/_mock/keys", "/_mock/.well-known/openid-configuration"})
        BOOST_TEST(client.request("GET", open, {}, none).status == 200u, open);
    // The Graph API takes its own tokens, as before.
    BOOST_TEST(client.get(calls + hold_call).status == 200u);
}

BOOST_AUTO_TEST_CASE(the_control_plane_describes_itself_in_openapi) {
    for (const std::string prefix : {"", "/_ns/docs"}) {
        auto r = client.get(prefix + "/_mock/openapi.json");
        BOOST_TEST(r.status == 200u);
        BOOST_TEST(r.header("content-type").starts_with("application/json"));
        const auto document = r.json();
        BOOST_TEST(document.at("openapi") == "3.1.0");
        BOOST_TEST(document.at("paths").at("/_mock/wait").at("post").at("summary").is_string());
    }
}

BOOST_AUTO_TEST_SUITE_END()
