// Call-level operations: self mute, the media operations (playPrompt, recordResponse, DTMF,
// large gallery view) and their cancellation, tone subscription, recording status, screen
// sharing, and the beta mixer actions.
#include "gcm/state/engine.hpp"
#include "transaction.hpp"

#include <algorithm>

namespace gcm::state {
namespace {

Error not_established(const Call& call) {
    return make_error(errc::illegal_state, "Call '" + call.id + "' is " +
                                               std::string(to_string(call.state)) +
                                               "; this action needs an established call.");
}

bool is_media_kind(OperationKind kind) {
    return kind == OperationKind::play_prompt || kind == OperationKind::record_response;
}

OperationKind kind_of(MediaAction action) {
    switch (action) {
    case MediaAction::play_prompt:
        return OperationKind::play_prompt;
    case MediaAction::record_response:
        return OperationKind::record_response;
    case MediaAction::send_dtmf_tones:
        return OperationKind::send_dtmf_tones;
    case MediaAction::add_large_gallery_view:
        return OperationKind::add_large_gallery_view;
    }
    return OperationKind::generic;
}

} // namespace

void Engine::complete_media(Call& call, Operation& op, Effects& fx) {
    std::optional<ResultInfo> result;
    switch (op.kind) {
    case OperationKind::play_prompt:
        result = ResultInfo{200, 0, "Action completed successfully."};
        break;
    case OperationKind::record_response:
        result = ResultInfo{200, 8515, "Action completed, max record duration reached."};
        op.recording_location =
            settings_.recording_base_url + "/calls/" + call.id + "/recordings/" + op.id + ".wav";
        op.recording_access_token = next_id();
        op.completion_reason = "maxRecordDurationReached";
        break;
    case OperationKind::send_dtmf_tones:
        op.completion_reason = "completedSuccessfully";
        break;
    default:
        break;
    }
    finish_operation(call, op, OperationStatus::completed, std::move(result), fx);
}

Result<Operation> Engine::mute_self(const std::string& call_id, bool mute,
                                    std::optional<std::string> client_context) {
    return transact([&](Effects& fx) -> Result<Operation> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        if (call->my_participant_id) {
            auto it = call->participants.find(*call->my_participant_id);
            if (it != call->participants.end()) {
                Participant& bot = it->second;
                set_muted(bot, mute);
                touch_roster(*call, bot);
                emit_roster(*call, std::vector<Participant>{bot}, std::vector<Participant>{}, fx);
            }
        }
        return add_operation(
            *call, mute ? OperationKind::mute_participant : OperationKind::unmute_participant,
            OperationStatus::completed, std::move(client_context));
    });
}

Result<Operation> Engine::start_media(const std::string& call_id, MediaRequest request) {
    return transact([&](Effects& fx) -> Result<Operation> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        if (call->state != CallState::established)
            return not_established(*call);
        const auto kind = kind_of(request.action);
        if (call->app_hosted_media && is_media_kind(kind))
            return make_error(errc::illegal_state,
                              std::string(type_name(kind)) +
                                  " needs a call with serviceHostedMediaConfig; this call hosts "
                                  "its own media.");
        Operation& op =
            add_operation(*call, kind, OperationStatus::running, std::move(request.client_context));
        defer(fx, settings_.media_operation, DeferredAction::Kind::complete_operation, call->id,
              op.id);
        return op;
    });
}

Result<Operation> Engine::cancel_media_processing(const std::string& call_id,
                                                  std::optional<std::string> client_context) {
    return transact([&](Effects& fx) -> Result<Operation> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        for (auto& [id, op] : call->operations) {
            if (op.finished() || !is_media_kind(op.kind))
                continue;
            if (op.kind == OperationKind::record_response) {
                op.recording_location = "";
                op.recording_access_token = "";
            }
            op.completion_reason = "operationCanceled";
            finish_operation(*call, op, OperationStatus::failed, settings_.media_cancelled, fx);
        }
        return add_operation(*call, OperationKind::cancel_media_processing,
                             OperationStatus::completed, std::move(client_context));
    });
}

Result<Operation> Engine::subscribe_to_tone(const std::string& call_id,
                                            std::optional<std::string> client_context) {
    return transact([&](Effects&) -> Result<Operation> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        if (call->app_hosted_media)
            return make_error(errc::illegal_state,
                              "subscribeToTone needs a call with serviceHostedMediaConfig.");
        call->subscribed_to_tones = true;
        return add_operation(*call, OperationKind::subscribe_to_tone, OperationStatus::completed,
                             std::move(client_context));
    });
}

Result<Operation> Engine::update_recording_status(const std::string& call_id,
                                                  std::optional<std::string> client_context) {
    return transact([&](Effects&) -> Result<Operation> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        return add_operation(*call, OperationKind::update_recording_status,
                             OperationStatus::completed, std::move(client_context));
    });
}

Result<void> Engine::change_screen_sharing_role(const std::string& call_id,
                                                ScreenSharingRole role) {
    return transact([&](Effects& fx) -> Result<void> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        if (call->state != CallState::established)
            return not_established(*call);
        if (!call->my_participant_id)
            return {};
        auto it = call->participants.find(*call->my_participant_id);
        if (it == call->participants.end())
            return {};
        Participant& bot = it->second;
        auto& streams = bot.media_streams;
        std::erase_if(streams, [](const MediaStream& s) {
            return s.media_type == "videoBasedScreenSharing";
        });
        if (role == ScreenSharingRole::sharer)
            streams.push_back(MediaStream{"videoBasedScreenSharing",
                                          std::to_string(call->roster_sequence + 100), "sendOnly",
                                          false, "applicationsharing-video"});
        touch_roster(*call, bot);
        emit_roster(*call, std::vector<Participant>{bot}, std::vector<Participant>{}, fx);
        return {};
    });
}

Result<Operation> Engine::mute_all(const std::string& call_id,
                                   std::vector<std::string> participant_ids,
                                   std::optional<std::string> client_context) {
    return transact([&](Effects& fx) -> Result<Operation> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        for (const auto& id : participant_ids)
            if (!call->participants.contains(id))
                return make_error(errc::participant_not_found,
                                  "Participant '" + id + "' not found in call '" + call_id + "'.",
                                  id);
        std::vector<Participant> changed;
        for (auto& [id, p] : call->participants) {
            const bool listed = participant_ids.empty()
                                    ? id != call->my_participant_id.value_or("")
                                    : std::find(participant_ids.begin(), participant_ids.end(),
                                                id) != participant_ids.end();
            if (!listed || p.is_muted)
                continue;
            set_muted(p, true);
            touch_roster(*call, p);
            changed.push_back(p);
        }
        if (!changed.empty())
            emit_roster(*call, std::move(changed), std::vector<Participant>{}, fx);
        return add_operation(*call, OperationKind::generic, OperationStatus::completed,
                             std::move(client_context));
    });
}

Result<Operation> Engine::configure_mixer(const std::string& call_id,
                                          std::optional<std::string> client_context) {
    return transact([&](Effects& fx) -> Result<Operation> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        Operation& op = add_operation(*call, OperationKind::generic, OperationStatus::running,
                                      std::move(client_context));
        defer(fx, settings_.media_operation, DeferredAction::Kind::complete_operation, call->id,
              op.id);
        return op;
    });
}

} // namespace gcm::state
