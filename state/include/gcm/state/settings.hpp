// The engine's tunable behaviour: simulated timings and the choices product.md §5 makes where the
// Graph docs are silent. Every field is settable from the command line.
#pragma once

#include "gcm/state/call.hpp"

#include <chrono>

namespace gcm::state {

struct EngineSettings {
    // Reject misuse the docs do not cover (second hold, stop without hold, ...) instead of
    // accepting it with a journal warning.
    bool strict = false;
    // How long a startHoldMusicOperation stays `running` before it completes.
    std::chrono::milliseconds hold_music_start{50};
    // How invitees behave when the fixture says nothing about them.
    InviteeBehaviour default_invitee{InviteeBehaviour::Reaction::answer,
                                     std::chrono::milliseconds{1000}};
    // How long an invitee that never answers rings before the invitation fails.
    std::chrono::milliseconds ring_timeout{60000};
    ResultInfo invitation_cancelled{487, 0, "Request terminated: the invitation was cancelled."};
    ResultInfo invitation_declined{603, 0, "The invitee declined the call."};
    ResultInfo invitation_unanswered{408, 0, "The invitee did not answer in time."};
};

} // namespace gcm::state
