// The engine's tunable behaviour: simulated timings and the choices docs/choices.md makes where
// the Graph docs are silent. The command line's defaults are read from here.
#pragma once

#include "gcm/state/call.hpp"

#include <chrono>

namespace gcm::state {

struct EngineSettings {
    // Operation status spelled as the metadata declares it ("Running") everywhere, for clients
    // generated from it; by default as the reference pages show it ("running"; the invite's
    // "Running").
    bool schema_enum_case = false;
    // After a call is established, its media connects: an `updated` with mediaState.audio
    // "active" (bots wait for it before they play prompts).
    bool media_state_notifications = true;
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
    // Simulated timings of the call's life and of media operations.
    std::chrono::milliseconds call_setup{100};      // establishing -> established
    std::chrono::milliseconds call_teardown{50};    // terminating/redirecting -> terminated
    std::chrono::milliseconds transfer_step{100};   // transferring -> transferAccepted -> end
    std::chrono::milliseconds media_operation{200}; // playPrompt, recordResponse, DTMF, gallery
    // A call without keepAlive for this long is ended with 408/8537.
    std::chrono::milliseconds keepalive_window{std::chrono::minutes(45)};
    // An incoming call nobody answers, rejects or redirects ends after this long.
    std::chrono::milliseconds incoming_timeout{15000};
    ResultInfo unanswered_incoming{408, 1106, "No acknowledgement for call acceptance in time."};
    // As the service ends a call the other side hung up, and a meeting its last human left.
    ResultInfo remote_hang_up{200, 5002, "The conversation has ended. DiagCode: 0#5002.@"};
    ResultInfo last_one_left{200, 5010,
                             "This conversation has ended as only one participant was remaining "
                             "in the conversation.. DiagCode: 0#5010.@"};
    // Operations kept per call; beyond it the oldest finished ones are forgotten, so a long run
    // does not grow without bound.
    std::size_t max_operations_per_call = 100;
    // Where recordResponse says its recordings are.
    std::string recording_base_url = "https://recordings.graph-comms-mock.local";
    ResultInfo hung_up{200, 5001, "The conversation has ended."};
    ResultInfo keepalive_expired{408, 8537, "Keep Alive timeout, cleaned up inactive call."};
    ResultInfo transfer_completed{0, 7015, "GracefulTransferCompleted"};
    ResultInfo transfer_failed{500, 7000, "The transfer target did not accept the call."};
    ResultInfo consultative_transfer_failed{500, 7700,
                                            "The consultative transfer target did not accept."};
    // How a call ends when its party joins another call through replacesCallId.
    ResultInfo replaced_call{200, 5001, "The conversation has ended."};
    ResultInfo media_cancelled{400, 8508, "Action failed, the operation was cancelled."};
    ResultInfo invitation_cancelled{487, 0, "Request terminated: the invitation was cancelled."};
    ResultInfo invitation_declined{603, 0, "The invitee declined the call."};
    ResultInfo invitation_unanswered{408, 0, "The invitee did not answer in time."};

    friend bool operator==(const EngineSettings&, const EngineSettings&) = default;
};

} // namespace gcm::state
