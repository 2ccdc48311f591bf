// The shapes of an engine method (a transaction, a transaction on a live call, a read of one
// call) and the helpers its sources share: the "not found" errors and server-side muting.
// Private to the engine's sources.
#pragma once

#include "gcm/state/engine.hpp"

#include <type_traits>
#include <utility>

namespace gcm::state {

// Muting is server-side: the audio streams are server-muted too (participant-mute page).
inline void set_muted(Participant& p, bool muted) {
    p.is_muted = muted;
    for (auto& stream : p.media_streams)
        if (stream.media_type == Modality::audio)
            stream.server_muted = muted;
}

// What the calling service answers for unknown and ended calls (docs/choices.md).
inline Error call_missing(const std::string& call_id) {
    return make_error(errc::call_not_found, "Call not found.", call_id);
}

inline Error participant_missing(const std::string& call_id, const std::string& participant_id) {
    return make_error(errc::participant_not_found,
                      "Participant '" + participant_id + "' not found in call '" + call_id + "'.",
                      participant_id);
}

inline Error operation_missing(const std::string& call_id, const std::string& operation_id) {
    return make_error(errc::operation_not_found,
                      "Operation '" + operation_id + "' not found in call '" + call_id + "'.",
                      operation_id);
}

inline Error invitation_missing(const std::string& call_id, const std::string& participant_id) {
    return make_error(errc::participant_not_found,
                      "No pending invitation for participant '" + participant_id + "' in call '" +
                          call_id + "'.",
                      participant_id);
}

// `what` names the kind of item: "Audio routing group", "Content sharing session".
inline Error item_missing(std::string_view what, const std::string& call_id,
                          const std::string& item_id) {
    return make_error(errc::item_not_found,
                      std::string(what) + " '" + item_id + "' not found in call '" + call_id + "'.",
                      item_id);
}

// A loaded call hands out media sourceIds above every one its streams already use.
void settle_source_ids(Call& call);
// A media source id the call has never handed out.
std::string allocate_source_id(Call& call);
// The one main-audio stream (sendReceive) a bot joins with.
MediaStream main_audio(Call& call);
// The streams a person joins with, as Teams rosters show them: main-audio (sendReceive),
// main-video and applicationsharing-video (receiveOnly), data (sendReceive).
std::vector<MediaStream> person_streams(Call& call);
// The bot as its call's roster shows it (its one main-audio stream; in a meeting its
// application identity is an applicationInstance).
Participant bot_participant(Call& call, const std::string& id, IdentitySet identity,
                            bool in_meeting);

template <class F> auto Engine::transact(Effects& out, F&& body) {
    Effects fx;
    std::unique_lock lock(mutex_);
    if constexpr (std::is_void_v<std::invoke_result_t<F&, Effects&>>) {
        body(fx);
        lock.unlock();
        out.append(std::move(fx));
    } else {
        auto result = body(fx);
        lock.unlock();
        if (result)
            out.append(std::move(fx));
        return result;
    }
}

template <class F> auto Engine::transact_on(Effects& out, const std::string& call_id, F&& body) {
    return transact(out, [&](Effects& fx) {
        Call* call = live_call(call_id);
        using R = decltype(body(*call, fx));
        if (!call)
            return R{call_missing(call_id)};
        return body(*call, fx);
    });
}

template <class F> auto Engine::read(const std::string& call_id, F&& body) const {
    std::lock_guard lock(mutex_);
    auto it = calls_.find(call_id);
    using R = decltype(body(std::declval<const Call&>()));
    if (it == calls_.end())
        return R{call_missing(call_id)};
    const Call& call = view(it->second);
    if (call.resource.state == CallState::terminated)
        return R{call_missing(call_id)};
    return body(call);
}

} // namespace gcm::state
