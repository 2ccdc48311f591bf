// Every id of a call comes from the engine's IdSource: with a seeded source, a created call (its
// id, its bot's participant id, its callChainId) and a simulated incoming call are known in
// advance, run after run.
#include "app_harness.hpp"
#include "gcm/state/ids.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace gcm;
using gcm::test::AppHarness;
namespace json = boost::json;

namespace {

app::AppConfig seeded_config(std::uint64_t seed) {
    auto config = test::default_config();
    config.id_source = [seed](std::string_view) { return state::seeded_ids(seed); };
    return config;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ids)

BOOST_AUTO_TEST_CASE(a_created_call_takes_every_id_from_the_engine) {
    auto expected = state::seeded_ids(42);
    const auto call_id = expected(), bot_id = expected(), chain_id = expected();
    for (int run = 0; run < 2; ++run) {
        BOOST_TEST_CONTEXT("run " << run) {
            AppHarness h(seeded_config(42));
            auto created = h.request(app::Method::post, "/v1.0/communications/calls",
                                     test::create_call_body());
            BOOST_TEST_REQUIRE(created.status == 201u);
            const auto call = json::parse(created.body);
            BOOST_TEST(call.at("id").as_string() == call_id);
            BOOST_TEST(call.at("myParticipantId").as_string() == bot_id);
            BOOST_TEST(call.at("callChainId").as_string() == chain_id);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_client_chosen_call_chain_id_is_kept) {
    AppHarness h(seeded_config(1));
    auto body = test::create_call_body();
    body.insert(1, R"("callChainId": "d8f5a2b1-1111-4222-8333-944455556666", )");
    auto created = h.request(app::Method::post, "/v1.0/communications/calls", body);
    BOOST_TEST_REQUIRE(created.status == 201u);
    BOOST_TEST(json::parse(created.body).at("callChainId") ==
               "d8f5a2b1-1111-4222-8333-944455556666");
}

BOOST_AUTO_TEST_CASE(a_simulated_incoming_call_without_ids_gets_the_engines) {
    auto expected = state::seeded_ids(9);
    const auto call_id = expected(), bot_id = expected(), chain_id = expected();
    AppHarness h(seeded_config(9));
    auto rung = h.request(app::Method::post, "/_mock/calls/incoming",
                          R"({"callbackUri": "https://bot.example/cb", "tenantId": "t"})");
    BOOST_TEST_REQUIRE(rung.status == 201u);
    const auto call = json::parse(rung.body);
    BOOST_TEST(call.at("id").as_string() == call_id);
    BOOST_TEST(call.at("myParticipantId").as_string() == bot_id);
    BOOST_TEST(call.at("callChainId").as_string() == chain_id);
}

BOOST_AUTO_TEST_CASE(pressed_tones_must_be_tone_names) {
    AppHarness h(test::default_config());
    const std::string call = "e141b67c-90fd-455d-858b-b48a40b9cc8d";
    BOOST_TEST(h.request(app::Method::post,
                         "/v1.0/communications/calls/" + call + "/subscribeToTone", "{}")
                   .status == 200u);
    auto bad = h.request(app::Method::post, "/_mock/calls/" + call + "/tones",
                         R"({"tones": ["tone1", "tone42"]})");
    BOOST_TEST(bad.status == 400u);
    BOOST_TEST(bad.body.find("tones[1]") != std::string::npos);
    auto good = h.request(app::Method::post, "/_mock/calls/" + call + "/tones",
                          R"({"tones": ["tone1", "pound"]})");
    BOOST_TEST(good.status == 200u);
    BOOST_TEST(json::parse(good.body).at("sequenceId") == 2);
}

BOOST_AUTO_TEST_SUITE_END()
