// What export writes, import reads, compared on the engine's own values: a state built through
// the engine (a call created with two targets, a participant removed, a recording finished, an
// incoming call answered with app-hosted media, an invitation still ringing, an operation still
// running) goes out through call_export and back through parse_fixture equal, member by member.
#include "gcm/state/engine.hpp"
#include "gcm/wire/call_form.hpp"
#include "gcm/wire/fixtures.hpp"
#include "gcm/wire/graph_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm;
using namespace gcm::state;

namespace {

InvitationParticipantInfo user(const std::string& id) {
    InvitationParticipantInfo who;
    who.identity.members.emplace_back("user", Identity{id, {}, {}, "AAD", {}});
    return who;
}

MediaRequest media(MediaAction action) {
    return MediaRequest{action, std::string("ctx"), {}};
}

// Fires every deferred action of `fx` of `kind`, collecting what they cause.
void fire(Engine& engine, Effects& fx, DeferredAction::Kind kind) {
    auto pending = std::move(fx.deferred);
    for (const auto& d : pending)
        if (d.action.kind == kind)
            engine.fire(fx, d.action);
}

json::value passthrough(const std::string& text) {
    return text.empty() ? json::value{} : json::parse(text);
}

} // namespace

BOOST_AUTO_TEST_SUITE(round_trip)

BOOST_AUTO_TEST_CASE(a_state_in_mid_flow_survives_export_and_import) {
    Engine engine;
    Effects fx;
    // A group call by its targets, established; then a participant leaves, a recording runs to
    // its end, a prompt keeps running, and an invitation keeps ringing.
    NewCall group;
    group.callback_uri = "https://bot.example/cb";
    group.tenant_id = "t";
    group.is_group = true;
    group.targets = {user("u1"), user("u2")};
    group.passthrough = R"({"requestedModalities":["audio"],"subject":"g"})";
    const auto created = engine.create_call(fx, group).value();
    fire(engine, fx, DeferredAction::Kind::establish_call);
    auto call = engine.get_call(created.id).value();
    BOOST_TEST_REQUIRE(call.participants.size() == 3u);
    const auto leaver = std::next(call.participants.begin())->first;
    BOOST_TEST_REQUIRE(engine.remove_participant(fx, created.id, leaver).has_value());
    BOOST_TEST_REQUIRE(
        engine.start_media(fx, created.id, media(MediaAction::record_response)).has_value());
    fire(engine, fx, DeferredAction::Kind::complete_operation);
    BOOST_TEST_REQUIRE(
        engine.start_media(fx, created.id, media(MediaAction::play_prompt)).has_value());
    auto ringing = user("slow");
    ringing.participant_id = "p-slow";
    BOOST_TEST_REQUIRE(
        engine.invite_participants(fx, created.id, {ringing}, std::string("i")).has_value());
    // An incoming call answered with app-hosted media.
    Call incoming;
    incoming.resource.id = "in-1";
    incoming.resource.callback_uri = "https://bot.example/cb";
    BOOST_TEST_REQUIRE(engine.simulate_incoming_call(fx, incoming).has_value());
    BOOST_TEST_REQUIRE(engine.answer(fx, "in-1", {std::nullopt, true, {}, {}}).has_value());
    fire(engine, fx, DeferredAction::Kind::establish_call);

    const auto before = engine.all_calls();
    json::array exported;
    for (const auto& c : before)
        exported.push_back(wire::call_export(c));
    auto loaded = wire::parse_fixture(json::serialize(json::object{{"calls", exported}}));
    BOOST_TEST_REQUIRE(loaded.has_value(), (loaded ? "" : loaded.error().describe()));
    BOOST_TEST_REQUIRE(loaded->size() == before.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        const auto& a = before[i];
        const auto& b = (*loaded)[i];
        BOOST_TEST_CONTEXT(a.id()) {
            auto ra = a.resource, rb = b.resource;
            BOOST_TEST(passthrough(ra.passthrough) == passthrough(rb.passthrough));
            ra.passthrough = rb.passthrough = {};
            BOOST_TEST((ra == rb));
            BOOST_TEST((a.participants == b.participants));
            BOOST_TEST((a.invitations == b.invitations));
            BOOST_TEST((a.operations == b.operations));
            auto ka = a.bookkeeping, kb = b.bookkeeping;
            // Not exported on purpose: a loaded call's keepAlive window starts afresh.
            ka.keepalive_generation = kb.keepalive_generation = 0;
            BOOST_TEST((ka == kb));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
