// Wire: the bytes of every encoder that moved onto the one encoding (encode<O>, builders.hpp)
// and of the one notification envelope, pinned for representative values: the invitee both as a
// resource and as the invite operation echoes it, an audio routing group, a content sharing
// session and a call with passthrough members (its source and targets completed), and a
// notification of every kind, through both back ends where they exist.
#include "gcm/wire/graph_json.hpp"
#include "gcm/wire/notifications.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm;

namespace {

// What the encoders wrote before they moved onto encode<O> (captured from that build).
const std::string golden_invitee =
    R"({"@odata.type":"#microsoft.graph.invitationParticipantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u-1","displayName":"Ann \"A\"","identityProvider":"t-1"},"application":null,"device":null,"phone":null},"participantId":"p-1","replacesCallId":"c-0","endpointType":"default","hidden":true,"removeFromDefaultAudioRoutingGroup":false})";
const std::string golden_invite_operation =
    R"({"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"op-1","status":"Running","clientContext":null,"resultInfo":null,"participants":[{"@odata.type":"#microsoft.graph.invitationParticipantInfo","endpointType":"default","id":null,"participantId":"p-1","replacesCallId":"c-0","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u-1","displayName":"Ann \"A\"","identityProvider":"t-1"},"application":null,"device":null,"phone":null}},{"@odata.type":"#microsoft.graph.invitationParticipantInfo","endpointType":null,"id":null,"participantId":null,"replacesCallId":"c-0","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u-1","displayName":"Ann \"A\"","identityProvider":"t-1"},"application":null,"device":null,"phone":null}}]})";
const std::string golden_group =
    R"({"@odata.type":"#microsoft.graph.audioRoutingGroup","id":"g-1","routingMode":"oneToOne","sources":["a","b"],"receivers":["c"]})";
const std::string golden_session =
    R"({"presenterParticipantId":"p-1","id":"s-1","@odata.type":"#microsoft.graph.contentSharingSession"})";
const std::string golden_call =
    R"({"subject":"s","source":{"identity":{"user":{"id":"u-1"}},"id":null,"participantId":null,"endpointType":null,"endpointId":null,"region":null,"languageId":null,"countryCode":null,"clientVersion":null,"replacementLink":null},"targets":[{"identity":{"application":{"id":"app"}},"endpointType":null,"replacesCallId":null},5],"@odata.type":"#microsoft.graph.call","id":"call-1","state":"established","direction":"incoming","callbackUri":"https://bot.example/cb","callChainId":"chain-1","tenantId":"t-1","myParticipantId":"p-me","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":0,"message":"ok"},"mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"active"},"requestedModalities":[],"activeModalities":[],"mediaConfig":null,"chatInfo":null,"meetingInfo":null,"meetingCapability":null,"callOptions":null,"callRoutes":[],"routingPolicies":[],"incomingContext":null,"ringingTimeoutInSeconds":null,"answeredBy":null,"terminationReason":null,"transcription":null,"toneInfo":null})";
const std::string golden_plain_call =
    R"({"@odata.type":"#microsoft.graph.call","id":"call-2","state":"established","direction":"outgoing","callbackUri":"","resultInfo":null,"callChainId":null,"source":null,"targets":[],"requestedModalities":[],"activeModalities":[],"mediaConfig":null,"mediaState":null,"myParticipantId":null,"tenantId":null,"subject":null,"chatInfo":null,"meetingInfo":null,"meetingCapability":null,"callOptions":null,"callRoutes":[],"routingPolicies":[],"incomingContext":null,"ringingTimeoutInSeconds":null,"answeredBy":null,"terminationReason":null,"transcription":null,"toneInfo":null})";
const std::string golden_state =
    R"({"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resource":"/app/calls/call-1","resourceUrl":"/communications/calls/call-1","resourceData":{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/call-1","state":"established","mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"active"},"meetingCapability":{"@odata.type":"#microsoft.graph.meetingCapability"},"coOrganizers":[],"callChainId":"chain-1","direction":"outgoing","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":1,"message":"m"}}}]})";
const std::string golden_created =
    R"({"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resource":"/app/calls/call-1","resourceUrl":"/communications/calls/call-1","resourceData":{"subject":"s","source":{"identity":{"user":{"id":"u-1"}},"id":null,"participantId":null,"endpointType":null,"endpointId":null,"region":null,"languageId":null,"countryCode":null,"clientVersion":null,"replacementLink":null},"targets":[{"identity":{"application":{"id":"app"}},"endpointType":null,"replacesCallId":null},5],"@odata.type":"#microsoft.graph.call","id":"call-1","state":"established","direction":"incoming","callbackUri":"https://bot.example/cb","callChainId":"chain-1","tenantId":"t-1","myParticipantId":"p-me","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":0,"message":"ok"},"mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"active"},"requestedModalities":[],"activeModalities":[],"mediaConfig":null,"chatInfo":null,"meetingInfo":null,"meetingCapability":null,"callOptions":null,"callRoutes":[],"routingPolicies":[],"incomingContext":null,"ringingTimeoutInSeconds":null,"answeredBy":null,"terminationReason":null,"transcription":null,"toneInfo":null,"@odata.id":"/communications/calls/call-1"}}]})";
const std::string golden_media =
    R"({"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resource":"/app/calls/call-1","resourceUrl":"/communications/calls/call-1","resourceData":{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/call-1","state":"established","mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"active"},"meetingCapability":{"@odata.type":"#microsoft.graph.meetingCapability"},"coOrganizers":[],"callChainId":"chain-1"}}]})";
const std::string golden_roster =
    R"({"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resource":"/app/calls/call-1/participants","resourceUrl":"/communications/calls/call-1/participants","resourceData":[{"@odata.type":"#microsoft.graph.participant","id":"p-1","info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u-1","displayName":null},"application":null,"device":null,"phone":null},"id":null,"participantId":null,"endpointType":null,"endpointId":null,"region":null,"languageId":null,"countryCode":null,"clientVersion":null,"replacementLink":null},"mediaStreams":[],"isMuted":false,"isInLobby":false,"metadata":null,"rosterSequenceNumber":0,"recordingInfo":null,"removedState":null,"restrictedExperience":null,"publishedStates":[],"meetingRole":"none","isIdentityAnonymized":false,"replacementLink":null}]}]})";
const std::string golden_delta =
    R"({"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resource":"/app/calls/call-1/participants","resourceUrl":"/communications/calls/call-1/participants","resourceData":[{"@odata.type":"#microsoft.graph.deltaParticipants","sequenceNumber":4,"participants":[{"@odata.type":"#microsoft.graph.participant","id":"p-1","info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u-1","displayName":null},"application":null,"device":null,"phone":null},"id":null,"participantId":null,"endpointType":null,"endpointId":null,"region":null,"languageId":null,"countryCode":null,"clientVersion":null,"replacementLink":null},"mediaStreams":[],"isMuted":false,"isInLobby":false,"metadata":null,"rosterSequenceNumber":0,"recordingInfo":null,"removedState":null,"restrictedExperience":null,"publishedStates":[],"meetingRole":"none","isIdentityAnonymized":false,"replacementLink":null},{"@odata.type":"#microsoft.graph.participant","id":"p-1","info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u-1","displayName":null},"application":null,"device":null,"phone":null},"id":null,"participantId":null,"endpointType":null,"endpointId":null,"region":null,"languageId":null,"countryCode":null,"clientVersion":null,"replacementLink":null},"mediaStreams":[],"isMuted":false,"isInLobby":false,"metadata":null,"rosterSequenceNumber":0,"recordingInfo":null,"removedState":{"@odata.type":"#microsoft.graph.removedState","reason":"Removed from the call"},"restrictedExperience":null,"publishedStates":[],"meetingRole":"none","isIdentityAnonymized":false,"replacementLink":null}]}]}]})";
const std::string golden_operation =
    R"({"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","resource":"/app/calls/call-1/operations/op-1","resourceUrl":"/communications/calls/call-1/operations/op-1","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op-1","status":"completed","clientContext":null,"resultInfo":null,"completionReason":null,"prompts":[],"@odata.id":"/communications/calls/call-1/operations/op-1","@odata.etag":"W/\"1\""}}]})";
const std::string golden_tone =
    R"({"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resource":"/app/calls/call-1","resourceUrl":"/communications/calls/call-1","resourceData":{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/call-1","state":"established","toneInfo":{"@odata.type":"#microsoft.graph.toneInfo","sequenceId":2,"tone":"tone5"}}}]})";
const std::string golden_sharing =
    R"({"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resource":"/app/calls/call-1/contentsharingsessions","resourceUrl":"/communications/calls/call-1/contentsharingsessions","resourceData":[{"@odata.type":"#microsoft.graph.contentSharingSession","id":"s-1"}]}]})";

std::string dom_text(const auto& value) {
    return json::serialize(json::value_from(value));
}

state::InvitationParticipantInfo invitee() {
    state::InvitationParticipantInfo x;
    x.identity.members.emplace_back(
        "user", state::Identity{"u-1", std::string("Ann \"A\""), {}, "t-1", {}});
    x.participant_id = "p-1";
    x.replaces_call_id = "c-0";
    x.endpoint_type = "default";
    x.hidden = true;
    x.remove_from_default_audio_routing_group = false;
    return x;
}

state::CallRef call_ref() {
    state::CallRef call;
    call.id = "call-1";
    call.call_chain_id = "chain-1";
    return call;
}

state::CallResource call_resource() {
    state::CallResource x;
    x.id = "call-1";
    x.state = state::CallState::established;
    x.direction = state::CallDirection::incoming;
    x.callback_uri = "https://bot.example/cb";
    x.tenant_id = "t-1";
    x.my_participant_id = "p-me";
    x.call_chain_id = "chain-1";
    x.result_info = state::ResultInfo{200, 0, "ok"};
    x.audio_active = true;
    x.passthrough = R"({"subject":"s","source":{"identity":{"user":{"id":"u-1"}}},)"
                    R"("targets":[{"identity":{"application":{"id":"app"}}},5]})";
    return x;
}

std::string body_of(const state::Event& event) {
    const auto text = wire::notification_text(event);
    const auto dom = wire::notification_for(event);
    BOOST_TEST_REQUIRE(text.has_value());
    BOOST_TEST_REQUIRE(dom.has_value());
    BOOST_TEST(text->body == json::serialize(*dom));
    return text->body;
}

} // namespace

BOOST_AUTO_TEST_SUITE(unified_encoding)

BOOST_AUTO_TEST_CASE(invitee_as_resource_and_as_echo) {
    BOOST_TEST(dom_text(invitee()) == golden_invitee);
    state::Operation op;
    op.id = "op-1";
    op.kind = state::OperationKind::invite_participants;
    op.status = state::OperationStatus::running;
    op.spelling = state::StatusSpelling::pascal;
    op.participants.push_back(invitee());
    auto typed = invitee();
    typed.odata_type = "#microsoft.graph.invitationParticipantInfo";
    typed.participant_id.reset();
    typed.endpoint_type.reset();
    op.participants.push_back(typed);
    BOOST_TEST(dom_text(op) == golden_invite_operation);
    std::string text;
    wire::write_text(text, op);
    BOOST_TEST(text == dom_text(op));
}

BOOST_AUTO_TEST_CASE(routing_group_and_sharing_session) {
    state::AudioRoutingGroup group{"g-1", state::RoutingMode::one_to_one, {"a", "b"}, {"c"}};
    BOOST_TEST(dom_text(group) == golden_group);
    state::ContentSharingSession session{"s-1", R"({"presenterParticipantId":"p-1","id":"x"})"};
    BOOST_TEST(dom_text(session) == golden_session);
}

BOOST_AUTO_TEST_CASE(call_with_passthrough) {
    BOOST_TEST(dom_text(call_resource()) == golden_call);
    state::CallResource plain;
    plain.id = "call-2";
    BOOST_TEST(dom_text(plain) == golden_plain_call);
}

BOOST_AUTO_TEST_CASE(notification_of_every_kind) {
    const auto call = call_ref();
    state::Participant p;
    p.id = "p-1";
    p.info.identity.members.emplace_back("user", state::Identity{"u-1", {}, {}, {}, {}});
    state::Operation op;
    op.id = "op-1";
    op.kind = state::OperationKind::play_prompt;
    op.status = state::OperationStatus::completed;
    auto delta = call;
    delta.delta_roster = true;
    auto created = call_resource();
    const std::vector<std::pair<state::Event, std::string>> cases{
        {state::CallStateChanged{call, state::CallState::established,
                                 state::ResultInfo{200, 1, "m"}, state::CallDirection::outgoing,
                                 true, std::nullopt},
         golden_state},
        {state::CallStateChanged{call, state::CallState::incoming, std::nullopt, std::nullopt,
                                 false, created},
         golden_created},
        {state::MediaConnected{call}, golden_media},
        {state::RosterChanged{call, 3, {p}, {}, {p}}, golden_roster},
        {state::RosterChanged{delta, 4, {p}, {p}, {p}}, golden_delta},
        {state::OperationFinished{call, op}, golden_operation},
        {state::ToneReceived{call, state::Tone::tone5, 2}, golden_tone},
        {state::ContentSharingChanged{
             call, state::ContentSharingChanged::Change::changed, {"s-1", {}}},
         golden_sharing},
    };
    for (const auto& [event, golden] : cases)
        BOOST_TEST(body_of(event) == golden);
}

BOOST_AUTO_TEST_SUITE_END()
