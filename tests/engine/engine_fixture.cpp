// The engine test fixture (see engine_fixture.hpp).
#include "engine_fixture.hpp"

#include <utility>

namespace gcm::test {

namespace {
state::EngineSettings settings_for(bool strict) {
    state::EngineSettings s;
    s.strict = strict;
    s.hold_music_start = std::chrono::milliseconds(20);
    s.default_invitee = {state::InviteeBehaviour::Reaction::answer, std::chrono::milliseconds(30)};
    s.ring_timeout = std::chrono::milliseconds(500);
    return s;
}

state::Participant person(const std::string& id, const std::string& kind,
                          const std::string& identity_id) {
    state::Participant p;
    p.id = id;
    p.info.identity.members.emplace_back(kind, state::Identity{identity_id, id, tenant, {}, {}});
    p.media_streams.push_back(
        {state::Modality::audio, "1", state::MediaDirection::send_receive, false, {}});
    return p;
}
} // namespace

EngineFixture::EngineFixture(bool strict)
    : settings(settings_for(strict)),
      engine(settings, [this] { return "id-" + std::to_string(++issued_ids); }) {
    std::vector<state::Call> calls;
    calls.push_back(sample_call());
    engine.load(fx, std::move(calls));
    take(); // the keepAlive check that loading schedules
}

state::Call EngineFixture::sample_call() {
    state::Call call;
    call.resource.id = call_id;
    call.resource.callback_uri = "https://bot.example/callback";
    call.resource.tenant_id = tenant;
    call.resource.my_participant_id = "bot";
    call.resource.is_group = true;
    for (auto* id : {"alice", "bob"})
        call.participants.emplace(id, person(id, "user", std::string("user-") + id));
    call.participants.emplace("bot", person("bot", "application", "app-1"));
    call.bookkeeping.invitee_behaviours["user-decliner"] = {
        state::InviteeBehaviour::Reaction::decline, std::chrono::milliseconds(10)};
    call.bookkeeping.invitee_behaviours["user-silent"] = {
        state::InviteeBehaviour::Reaction::no_answer, std::chrono::milliseconds(0)};
    return call;
}

state::InvitationParticipantInfo EngineFixture::invitee(const std::string& identity_id,
                                                        std::optional<std::string> participant_id) {
    state::InvitationParticipantInfo info;
    info.identity.members.emplace_back("user", state::Identity{identity_id, {}, {}, "AAD", {}});
    info.participant_id = std::move(participant_id);
    return info;
}

state::Effects EngineFixture::take() {
    return std::exchange(fx, {});
}

state::Participant EngineFixture::participant(const std::string& id) const {
    return engine.get_participant(call_id, id).value();
}

state::Call EngineFixture::call() const {
    return engine.get_call(call_id).value();
}

} // namespace gcm::test
