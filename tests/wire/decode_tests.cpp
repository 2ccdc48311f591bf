// Wire: decoding fixtures and request bodies; every failure names the JSON path at fault.
#include "gcm/wire/fixtures.hpp"
#include "gcm/wire/requests.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace gcm;

BOOST_AUTO_TEST_SUITE(decode)

BOOST_AUTO_TEST_CASE(fixture_errors_name_the_json_path) {
    struct Row {
        const char* name;
        const char* text;
        const char* path;
    };
    const Row rows[] = {
        {"not json", "{", "$"},
        {"root not object", "[]", "$"},
        {"calls not array", R"({"calls": {}})", "$.calls"},
        {"call without id", R"({"calls": [{}]})", "$.calls[0].id"},
        {"bad state", R"({"calls": [{"id": "a", "state": "ringing-ish"}]})", "$.calls[0].state"},
        {"bad direction", R"({"calls": [{"id": "a", "direction": "sideways"}]})",
         "$.calls[0].direction"},
        {"participant id type", R"({"calls": [{"id": "a", "participants": [{"id": 1}]}]})",
         "$.calls[0].participants[0].id"},
        {"identity not object",
         R"({"calls": [{"id": "a", "participants": [{"id": "p", "info": {"identity": {"user": 5}}}]}]})",
         "$.calls[0].participants[0].info.identity.user"},
        {"duplicate participant",
         R"({"calls": [{"id": "a", "participants": [{"id": "p"}, {"id": "p"}]}]})",
         "$.calls[0].participants[1].id"},
        {"duplicate call", R"({"calls": [{"id": "a"}, {"id": "a"}]})", "$.calls[1].id"},
        {"unknown operation type",
         R"({"calls": [{"id": "a", "operations": [{"@odata.type": "#microsoft.graph.fooOperation", "id": "o"}]}]})",
         "$.calls[0].operations[0].@odata.type"},
        {"bad reaction",
         R"({"calls": [{"id": "a", "_mock": {"invitees": {"u": {"reaction": "maybe"}}}}]})",
         "$.calls[0]._mock.invitees.u.reaction"},
        {"negative delay",
         R"({"calls": [{"id": "a", "_mock": {"invitees": {"u": {"afterMs": -1}}}}]})",
         "$.calls[0]._mock.invitees.u.afterMs"},
        {"hold not boolean",
         R"({"calls": [{"id": "a", "participants": [{"id": "p", "_mock": {"onHold": "yes"}}]}]})",
         "$.calls[0].participants[0]._mock.onHold"},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.name) {
            auto fixture = wire::parse_fixture(row.text);
            BOOST_TEST_REQUIRE(fixture.has_error());
            BOOST_TEST(fixture.error().path == row.path);
            BOOST_TEST(!fixture.error().message.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(fixture_reads_graph_shapes_and_mock_settings) {
    auto fixture = wire::parse_fixture(R"({"calls": [{
        "id": "c", "state": "established", "callbackUri": "https://bot/cb", "tenantId": "t",
        "subject": "kept as passthrough",
        "participants": [{"id": "p", "isMuted": true, "rosterSequenceNumber": 7,
                          "info": {"identity": {"user": {"id": "u", "displayName": "U"}}},
                          "_mock": {"onHold": true}}],
        "operations": [{"@odata.type": "#microsoft.graph.playPromptOperation", "id": "o",
                        "status": "Running", "clientContext": "cc"}],
        "_mock": {"invitees": {"u2": {"reaction": "decline", "afterMs": 5}}}}]})");
    BOOST_TEST_REQUIRE(fixture.has_value());
    const auto& call = fixture->at(0);
    BOOST_TEST(call.resource.callback_uri == "https://bot/cb");
    BOOST_TEST(call.bookkeeping.roster_sequence == 7);
    BOOST_TEST(call.resource.passthrough.find("kept as passthrough") != std::string::npos);
    const auto& p = call.participants.at("p");
    BOOST_TEST(p.is_muted);
    BOOST_TEST(p.on_hold);
    BOOST_TEST(*p.info.identity.find("user")->display_name == "U");
    const auto& op = call.operations.at("o");
    BOOST_TEST((op.kind == state::OperationKind::play_prompt));
    BOOST_TEST((op.status == state::OperationStatus::running)); // Graph's casing varies
    const auto& b = call.bookkeeping.invitee_behaviours.at("u2");
    BOOST_TEST((b.reaction == state::InviteeBehaviour::Reaction::decline));
    BOOST_TEST(b.after.count() == 5);
}

BOOST_AUTO_TEST_CASE(request_bodies_are_validated_field_by_field) {
    struct Row {
        const char* name;
        std::string text;
        std::string path; // empty: accepted
    };
    const std::string long_context(257, 'x');
    const std::vector<Row> rows = {
        {"empty body", "", ""},
        {"malformed", "{\"clientContext\": ", ""},
        {"array body", "[]", ""},
        {"context too long", "{\"clientContext\": \"" + long_context + "\"}", "clientContext"},
        {"context 256 is fine", "{\"clientContext\": \"" + std::string(256, 'x') + "\"}", ""},
        {"context not string", R"({"clientContext": 5})", "clientContext"},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.name) {
            auto body = wire::parse_body(row.text);
            if (!body) {
                BOOST_TEST(row.path.empty());
                BOOST_TEST(!body.error().message.empty());
                BOOST_TEST((row.name == std::string("malformed") ||
                            row.name == std::string("array body")));
                continue;
            }
            auto decoded = wire::decode_action_body(*body);
            if (row.path.empty())
                BOOST_TEST(decoded.has_value());
            else
                BOOST_TEST((decoded.has_error() && decoded.error().path == row.path));
        }
    }
}

BOOST_AUTO_TEST_CASE(invite_bodies_need_participants_with_identities) {
    struct Row {
        const char* text;
        const char* path;
    };
    const Row rows[] = {
        {R"({})", "participants"},
        {R"({"participants": {}})", "participants"},
        {R"({"participants": []})", "participants"},
        {R"({"participants": [5]})", "participants[0]"},
        {R"({"participants": [{}]})", "participants[0].identity"},
        {R"({"participants": [{"identity": {"user": {"id": 1}}}]})",
         "participants[0].identity.user.id"},
        {R"({"participants": [{"identity": {"user": {"id": "u"}}, "participantId": 3}]})",
         "participants[0].participantId"},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.text) {
            auto decoded = wire::decode_invite_body(boost::json::parse(row.text).as_object());
            BOOST_TEST_REQUIRE(decoded.has_error());
            BOOST_TEST(decoded.error().path == row.path);
        }
    }
}

BOOST_AUTO_TEST_CASE(start_hold_body_keeps_the_custom_prompt) {
    auto decoded = wire::decode_start_hold_music_body(boost::json::parse(R"({
        "customPrompt": {"@odata.type": "#microsoft.graph.mediaPrompt",
                         "mediaInfo": {"uri": "https://bot.contoso.com/onHold.wav"}},
        "clientContext": "c"})")
                                                          .as_object());
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST(decoded->custom_prompt->find("onHold.wav") != std::string::npos);
    auto bad = wire::decode_start_hold_music_body(
        boost::json::parse(R"({"customPrompt": "music"})").as_object());
    BOOST_TEST_REQUIRE(bad.has_error());
    BOOST_TEST(bad.error().path == "customPrompt");
}

BOOST_AUTO_TEST_SUITE_END()
