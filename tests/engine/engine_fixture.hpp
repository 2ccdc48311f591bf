// A fresh engine over one sample call, with predictable ids and one outbox that collects every
// transaction's effects, for table-driven engine tests.
#pragma once

#include "gcm/state/engine.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gcm::test {

inline const std::string call_id = "call-1";
inline const std::string tenant = "tenant-1";

struct EngineFixture {
    explicit EngineFixture(bool strict = false);

    // call-1: bot, alice and bob active; identity "user-decliner" declines after 10 ms and
    // "user-silent" never answers; everyone else answers after the default delay.
    static state::Call sample_call();
    static state::InvitationParticipantInfo invitee(const std::string& identity_id,
                                                    std::optional<std::string> participant_id = {});

    // Every effect collected in `fx` since the last take(), which empties it.
    state::Effects take();
    state::Participant participant(const std::string& id) const;
    state::Call call() const;

    state::EngineSettings settings;
    state::Engine engine;
    state::Effects fx; // the outbox every engine call in a test appends to
    int issued_ids = 0;
};

// The error of a rejected action, or nothing when it succeeded.
template <class T> std::optional<state::Error> error_of(const state::Result<T>& r) {
    if (r)
        return std::nullopt;
    return r.error();
}

template <class E> std::vector<E> events_of(const state::Effects& fx) {
    std::vector<E> out;
    for (const auto& e : fx.events)
        if (const auto* x = std::get_if<E>(&e))
            out.push_back(*x);
    return out;
}

} // namespace gcm::test
