// Wire: the Graph shapes the engine's values are written in.
#include "gcm/wire/call_form.hpp"
#include "gcm/wire/decode.hpp"
#include "gcm/wire/graph_json.hpp"
#include "gcm/wire/text.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm;

BOOST_AUTO_TEST_SUITE(encode)

BOOST_AUTO_TEST_CASE(invite_response_matches_the_documented_shape) {
    state::Operation op;
    op.id = "op";
    op.kind = state::OperationKind::invite_participants;
    op.status = state::OperationStatus::running;
    op.spelling = state::StatusSpelling::pascal; // as the engine answers an invite
    op.client_context = "cc";
    state::InvitationParticipantInfo who;
    who.identity.members.emplace_back(
        "user", state::Identity{"u", std::nullopt, std::string("t"), "AAD", {}});
    who.participant_id = "p";
    op.participants.push_back(who);

    const auto expected = json::parse(R"({
        "@odata.type": "#microsoft.graph.inviteParticipantsOperation",
        "id": "op", "status": "Running", "clientContext": "cc", "resultInfo": null,
        "participants": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
            "endpointType": null, "id": null, "participantId": "p",
            "identity": {"@odata.type": "#microsoft.graph.identitySet",
                         "user": {"@odata.type": "#microsoft.graph.identity", "id": "u",
                                  "displayName": null, "identityProvider": "AAD", "tenantId": "t"},
                         "application": null, "device": null, "phone": null}}]})");
    BOOST_TEST(json::value(wire::operation_response(op)) == expected);

    // It keeps that spelling everywhere (GET operation, notifications); other operations do not.
    BOOST_TEST(json::value_from(op).at("status") == "Running");
    op.spelling = state::StatusSpelling::camel;
    BOOST_TEST(json::value_from(op).at("status") == "running");
}

BOOST_AUTO_TEST_CASE(failed_operation_carries_result_info) {
    state::Operation op;
    op.id = "op";
    op.kind = state::OperationKind::start_hold_music;
    op.status = state::OperationStatus::failed;
    op.result_info = state::ResultInfo{487, 0, "cancelled"};
    const auto v = json::value_from(op);
    BOOST_TEST(v.at("@odata.type") == "#microsoft.graph.startHoldMusicOperation");
    BOOST_TEST(v.at("status") == "failed");
    BOOST_TEST(v.at("clientContext").is_null());
    BOOST_TEST(v.at("resultInfo") == json::parse(R"({"@odata.type": "#microsoft.graph.resultInfo",
                                                    "code": 487, "subcode": 0,
                                                    "message": "cancelled"})"));
}

BOOST_AUTO_TEST_CASE(participant_has_graph_annotations_and_keeps_passthrough) {
    auto p = wire::decode_participant(json::parse(R"({
        "id": "p", "info": {"identity": {"application": {"id": "a", "displayName": "Bot"}}},
        "mediaStreams": [{"mediaType": "audio", "sourceId": "1", "direction": "sendReceive",
                          "serverMuted": false}],
        "restrictedExperience": {"videoDisabled": "watermarkProtection"}})"),
                                      "$");
    BOOST_TEST_REQUIRE(p.has_value());
    const auto v = json::value_from(*p).as_object();
    BOOST_TEST(v.at("@odata.type") == "#microsoft.graph.participant");
    BOOST_TEST(v.at("info").at("@odata.type") == "#microsoft.graph.participantInfo");
    const auto& identity = v.at("info").at("identity");
    BOOST_TEST(identity.at("@odata.type") == "#microsoft.graph.identitySet");
    BOOST_TEST(identity.at("application").at("@odata.type") == "#microsoft.graph.identity");
    BOOST_TEST(identity.at("user").is_null());
    BOOST_TEST(v.at("mediaStreams").at(0).at("@odata.type") == "#microsoft.graph.mediaStream");
    BOOST_TEST(v.at("isMuted") == false);
    BOOST_TEST(v.at("metadata").is_null());
    BOOST_TEST(v.at("restrictedExperience").at("videoDisabled") == "watermarkProtection");
}

BOOST_AUTO_TEST_CASE(call_overlays_engine_state_on_passthrough) {
    auto call = wire::decode_call(json::parse(R"({
        "id": "c", "state": "established", "callbackUri": "https://bot/cb",
        "subject": "Weekly", "requestedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})"),
                                  "$");
    BOOST_TEST_REQUIRE(call.has_value());
    call->resource.state = state::CallState::transfer_accepted;
    const auto v = json::value_from(call->resource).as_object();
    BOOST_TEST(v.at("@odata.type") == "#microsoft.graph.call");
    BOOST_TEST(v.at("state") == "transferAccepted");
    BOOST_TEST(v.at("subject") == "Weekly");
    BOOST_TEST(v.at("mediaConfig").at("@odata.type") ==
               "#microsoft.graph.serviceHostedMediaConfig");
    BOOST_TEST(v.at("resultInfo").is_null());
    BOOST_TEST(v.at("toneInfo").is_null());
}

BOOST_AUTO_TEST_CASE(text_echoed_in_json_is_valid_utf8) {
    BOOST_TEST(wire::valid_utf8("plain") == "plain");
    BOOST_TEST(wire::valid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
    BOOST_TEST(wire::valid_utf8("a\xE3\xE3"
                                "b") == "a\xEF\xBF\xBD\xEF\xBF\xBD"
                                        "b");
    BOOST_TEST(wire::valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");         // overlong '/'
    BOOST_TEST(wire::valid_utf8("\xED\xA0\x80").find("\xED") == std::string::npos); // surrogate
}

BOOST_AUTO_TEST_SUITE_END()
