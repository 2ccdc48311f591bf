// HTTP: the control plane — health, reset, journal, export, fixture upload, and namespaces.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/test/unit_test.hpp>

using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {
// At most two namespaces.
gcm::app::AppConfig two_namespaces() {
    auto config = default_config();
    config.max_namespaces = 2;
    return config;
}
} // namespace

BOOST_FIXTURE_TEST_SUITE(control_plane, ServerFixture)

BOOST_AUTO_TEST_CASE(health_reports_ok_and_needs_no_token) {
    auto r = server.client().request("GET", "/_mock/health", "", {{"Authorization", ""}});
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.json().at("status") == "ok");
    BOOST_TEST(r.json().at("calls") == 2);
}

BOOST_AUTO_TEST_CASE(reset_brings_back_the_fixture) {
    const auto before = server.state_snapshot();
    BOOST_TEST(client.del(member_path).status == 204u);
    BOOST_TEST((server.state_snapshot() != before));
    auto r = client.post("/_mock/reset");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST((server.state_snapshot() == before));
    BOOST_TEST(client.get("/_mock/journal").json().at("value").as_array().empty());
}

BOOST_AUTO_TEST_CASE(journal_records_requests_and_events_in_order) {
    BOOST_TEST(client.post(member_path + "/mute", R"({"clientContext": "j"})").status == 200u);
    BOOST_TEST(client.del(member_path).status == 204u);
    auto entries = client.get("/_mock/journal").json().at("value").as_array();
    std::vector<std::string> kinds;
    for (const auto& e : entries)
        kinds.emplace_back(e.at("kind").as_string());
    // Each request comes before the events it caused.
    const std::vector<std::string> expected = {"request", "rosterChanged", "request",
                                               "rosterChanged"};
    BOOST_TEST(kinds == expected, boost::test_tools::per_element());
    BOOST_TEST(entries.at(0).at("method") == "POST");
    BOOST_TEST(entries.at(0).at("status") == 200);
    BOOST_TEST(entries.at(0).at("body").at("clientContext") == "j");
    BOOST_TEST(entries.at(3).at("removed").at(0).at("id") ==
               "a7ebfb2d-871e-419c-87af-27290b22e8db");
    // ?since= returns only what came after.
    const auto last = entries.back().at("sequence").as_int64();
    BOOST_TEST(client.get("/_mock/journal?since=" + std::to_string(last - 1))
                   .json()
                   .at("value")
                   .as_array()
                   .size() == 1u);
    BOOST_TEST(client.del("/_mock/journal").status == 204u);
    BOOST_TEST(client.get("/_mock/journal").json().at("value").as_array().empty());
}

BOOST_AUTO_TEST_CASE(fixture_upload_replaces_state_and_names_errors) {
    auto bad = client.request("PUT", "/_mock/fixtures",
                              R"({"calls": [{"id": "x", "participants": [{"id": 7}]}]})");
    BOOST_TEST(bad.status == 400u);
    BOOST_TEST(bad.json().at("error").at("message").as_string().find(
                   "$.calls[0].participants[0].id") != std::string::npos);
    BOOST_TEST(client.get(group_call_path).status == 200u); // unchanged

    auto good = client.request("PUT", "/_mock/fixtures", R"({"calls": [{"id": "only-call"}]})");
    BOOST_TEST(good.status == 200u);
    BOOST_TEST(good.json().at("calls") == 1);
    BOOST_TEST(client.get(group_call_path).status == 404u);
    BOOST_TEST(client.get("/v1.0/communications/calls/only-call").status == 200u);
    // Reset now returns to the uploaded fixture.
    client.post("/_mock/reset");
    BOOST_TEST(client.get("/v1.0/communications/calls/only-call").status == 200u);
}

BOOST_AUTO_TEST_CASE(namespaces_are_isolated) {
    BOOST_TEST(client.del("/_ns/w1" + member_path).status == 204u);
    BOOST_TEST(client.get("/_ns/w1" + member_path).status == 404u);
    BOOST_TEST(client.get(member_path).status == 200u);
    BOOST_TEST(client.get("/_ns/w2" + member_path).status == 200u);
    auto r = client.post("/_ns/w2" + member_path + "/mute");
    BOOST_TEST(r.header("location").find("/_ns/w2/v1.0/communications/calls/") !=
               std::string::npos);
    BOOST_TEST(client.get("/_ns/w1/_mock/journal").json().at("value").as_array().size() == 3u);
    BOOST_TEST(client.get("/_mock/journal").json().at("value").as_array().size() == 1u);
    client.post("/_ns/w1/_mock/reset");
    BOOST_TEST(client.get("/_ns/w1" + member_path).status == 200u);
}

BOOST_FIXTURE_TEST_CASE(namespace_count_is_bounded, ServerOn<two_namespaces>) {
    BOOST_TEST(client.get("/_ns/a" + group_call_path).status == 200u);
    BOOST_TEST(client.get("/_ns/b" + group_call_path).status == 200u);
    BOOST_TEST(client.get("/_ns/c" + group_call_path).status == 429u);
    BOOST_TEST(client.get("/_ns/a" + group_call_path).status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
