// Request bodies of the call-level actions (create, answer, reject, redirect, transfer, media,
// recording, screen sharing, audio routing groups), decoded and checked against the documented
// types, enums and limits. Failures name the field.
#pragma once

#include "gcm/state/requests.hpp"
#include "gcm/wire/decode.hpp"
#include "gcm/wire/requests.hpp"

#include <boost/json/object.hpp>

namespace gcm::wire {

inline constexpr std::size_t max_prompts = 20;
inline constexpr int min_redirect_timeout = 15;
inline constexpr int max_redirect_timeout = 90;
inline constexpr std::size_t max_redirect_targets = 25;

// Without a `source`, the call's source is the application `default_application` (the caller's
// app), as the service shows it.
Decoded<state::NewCall> decode_create_call(const boost::json::object& body,
                                           const std::string& default_application);
Decoded<state::AnswerRequest> decode_answer(const boost::json::object& body);
Decoded<state::RejectRequest> decode_reject(const boost::json::object& body);
Decoded<state::RedirectRequest> decode_redirect(const boost::json::object& body);
Decoded<state::TransferRequest> decode_transfer(const boost::json::object& body);

// playPrompt, recordResponse, sendDtmfTones, addLargeGalleryView: the checks differ per action.
Decoded<state::MediaRequest> decode_media(state::MediaAction action,
                                          const boost::json::object& body);

// updateRecordingStatus: its status (notRecording | recording | failed) is checked, and the
// operation only echoes the client context.
Decoded<ActionBody> decode_update_recording_status(const boost::json::object& body);
Decoded<state::ScreenSharingRole> decode_change_screen_sharing_role(const boost::json::object& b);

// POST takes a whole group; PATCH any subset of routingMode / sources / receivers.
Decoded<state::AudioRoutingGroup> decode_audio_routing_group(const boost::json::object& body);
Decoded<state::AudioRoutingGroupPatch>
decode_audio_routing_group_patch(const boost::json::object& body);
Decoded<bool> decode_log_teleconference_device_quality(const boost::json::object& body);

} // namespace gcm::wire
