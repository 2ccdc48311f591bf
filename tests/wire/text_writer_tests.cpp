// Wire: the text back end of the encoders writes exactly what serializing their DOM gives (one
// encoding, two back ends), for participants, operations of every kind and the notifications
// built from them; escaping included.
#include "gcm/wire/graph_json.hpp"
#include "gcm/wire/notifications.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm;

namespace {

// Every control character, quotes, backslashes, '/', DEL and UTF-8.
std::string awkward() {
    std::string s = "a\"b\\c/d\x7f é ✓";
    for (char c = 1; c < 0x20; ++c)
        s += c;
    return s;
}

state::Participant participant(int variant) {
    state::Participant p;
    p.id = "p-" + std::to_string(variant);
    state::Identity who{"u-" + std::to_string(variant), std::nullopt, std::nullopt, std::nullopt,
                        std::nullopt};
    if (variant % 2) {
        who.display_name = awkward();
        who.tenant_id = "tenant";
        who.identity_provider = "AAD";
        p.info.identity.odata_type = "#microsoft.graph.identitySet";
    }
    p.info.identity.members.emplace_back(variant % 3 ? "user" : "guest", who);
    if (variant % 2)
        p.info.identity.members.emplace_back(
            "application", state::Identity{"app", std::string("Bot"), {}, {}, {}});
    p.info.participant_id = p.id;
    p.info.endpoint_type = "default";
    if (variant % 2) {
        p.info.region = "amer";
        p.info.language_id = "en-US";
        p.info.client_version = awkward();
        p.metadata = "meta";
        p.is_muted = true;
    }
    for (int i = 0; i < variant; ++i)
        p.media_streams.push_back(
            {state::Modality::audio, std::to_string(i + 1), state::MediaDirection::send_receive,
             i % 2 == 0, i % 2 ? std::optional<std::string>("main-audio") : std::nullopt});
    p.roster_sequence_number = -variant * 1234567890123LL;
    return p;
}

std::string dom_text(const auto& value, std::initializer_list<wire::Member> extra = {}) {
    json::value v = json::value_from(value);
    for (const auto& [key, text] : extra)
        v.as_object()[key] = text;
    return json::serialize(v);
}

std::string text_of(const auto& value, std::initializer_list<wire::Member> extra = {}) {
    std::string out;
    wire::write_text(out, value, std::span(extra.begin(), extra.size()));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(text_writer)

BOOST_AUTO_TEST_CASE(participants_are_written_as_their_dom_serializes) {
    for (int variant = 0; variant < 6; ++variant) {
        const auto p = participant(variant);
        BOOST_TEST_REQUIRE(wire::writes_text(p));
        BOOST_TEST(text_of(p) == dom_text(p), "variant " << variant);
        BOOST_TEST(text_of(p, {{"@odata.context", awkward()}}) ==
                   dom_text(p, {{"@odata.context", awkward()}}));
    }
    auto with_passthrough = participant(1);
    with_passthrough.passthrough = R"({"recordingInfo":{"status":"notRecording"}})";
    BOOST_TEST(!wire::writes_text(with_passthrough)); // the DOM keeps those members first
    auto odd_kind = participant(2);
    odd_kind.info.identity.members.emplace_back("we\"ird", state::Identity{"x", {}, {}, {}, {}});
    BOOST_TEST(!wire::writes_text(odd_kind)); // names are written unescaped: the DOM's job
}

BOOST_AUTO_TEST_CASE(operations_of_every_kind_are_written_as_their_dom_serializes) {
    for (int kind = 0; kind <= int(state::OperationKind::generic); ++kind) {
        for (int variant = 0; variant < 2; ++variant) {
            state::Operation op;
            op.id = "op-" + std::to_string(kind);
            op.kind = state::OperationKind(kind);
            op.status = variant ? state::OperationStatus::failed : state::OperationStatus::running;
            op.spelling = variant ? state::StatusSpelling::pascal : state::StatusSpelling::camel;
            if (variant) {
                op.client_context = awkward();
                op.result_info = state::ResultInfo{500, 9999, awkward()};
                op.recording_location = "https://r/1";
                op.completion_reason = "maxRecordDurationReached";
                state::InvitationParticipantInfo who;
                who.identity.members.emplace_back("user", state::Identity{"u", {}, {}, {}, {}});
                who.participant_id = "p";
                who.replaces_call_id = "c";
                op.participants.push_back(who);
            }
            BOOST_TEST_REQUIRE(wire::writes_text(op));
            BOOST_TEST(text_of(op) == dom_text(op), "kind " << kind << " variant " << variant);
            BOOST_TEST(text_of(op, {{"@odata.context", "ctx"}}) ==
                       dom_text(op, {{"@odata.context", "ctx"}}));
        }
    }
}

BOOST_AUTO_TEST_CASE(notifications_are_written_as_their_dom_serializes) {
    state::CallRef call;
    call.id = "call-\"1\"";
    call.is_group = true;
    std::vector<state::Participant> roster;
    for (int i = 0; i < 5; ++i)
        roster.push_back(participant(i));
    auto odd = roster;
    odd[4].info.identity.members.emplace_back("we\"ird", state::Identity{"x", {}, {}, {}, {}});
    std::vector<state::Event> events;
    events.push_back(state::RosterChanged{call, 7, {roster[1]}, {}, roster});
    state::Operation op;
    op.id = "op-1";
    op.kind = state::OperationKind::start_hold_music;
    op.status = state::OperationStatus::completed;
    op.client_context = "cc";
    events.push_back(state::OperationFinished{call, op});
    auto delta = call;
    delta.delta_roster = true; // the DOM path, through the same function
    events.push_back(state::RosterChanged{delta, 8, {roster[2]}, {roster[3]}, roster});
    events.push_back(state::RosterChanged{call, 9, {odd[4]}, {}, odd}); // through the DOM
    for (const auto& event : events) {
        const auto text = wire::notification_text(event);
        const auto dom = wire::notification_for(event);
        BOOST_TEST_REQUIRE(text.has_value());
        BOOST_TEST_REQUIRE(dom.has_value());
        BOOST_TEST(text->body == json::serialize(*dom));
        // The facts it carries are the ones the body says.
        const auto& n = dom->at("value").as_array().front().as_object();
        BOOST_TEST(text->change_type == std::string(n.at("changeType").as_string()));
        BOOST_TEST(text->resource_url == std::string(n.at("resourceUrl").as_string()));
    }
    BOOST_TEST(!wire::notification_text(state::Warning{call, "w"}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
