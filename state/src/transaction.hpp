// The two shapes of an engine method: a transaction that may change state and hands out its
// effects after unlocking, and a read of one call. Private to the engine's sources.
#pragma once

#include "gcm/state/engine.hpp"

#include <type_traits>

namespace gcm::state {

// Muting is server-side: the audio streams are server-muted too (participant-mute.md).
inline void set_muted(Participant& p, bool muted) {
    p.is_muted = muted;
    for (auto& stream : p.media_streams)
        if (stream.media_type == "audio")
            stream.server_muted = muted;
}

inline Error call_missing(const std::string& call_id) {
    return make_error(errc::call_not_found, "Call not found.", call_id);
}

template <class F> auto Engine::transact(F&& body) {
    Effects fx;
    std::unique_lock lock(mutex_);
    if constexpr (std::is_void_v<std::invoke_result_t<F&, Effects&>>) {
        body(fx);
        lock.unlock();
        if (sink_ && !fx.empty())
            sink_(std::move(fx));
    } else {
        auto result = body(fx);
        lock.unlock();
        if (sink_ && !fx.empty())
            sink_(std::move(fx));
        return result;
    }
}

template <class F> auto Engine::read(const std::string& call_id, F&& body) const {
    std::lock_guard lock(mutex_);
    auto it = calls_.find(call_id);
    using R = decltype(body(it->second));
    if (it == calls_.end() || it->second.state == CallState::terminated)
        return R{make_error(errc::call_not_found, "Call not found.", call_id)};
    return body(it->second);
}

} // namespace gcm::state
