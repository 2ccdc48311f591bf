// Call-level operations: self mute, the media operations (playPrompt, recordResponse, DTMF,
// large gallery view) and their cancellation, tone subscription, recording status, screen
// sharing, and the beta mixer actions.
#include "gcm/state/engine.hpp"
#include "transaction.hpp"

#include <algorithm>

namespace gcm::state {
namespace {

Error not_established(const Call& call) {
    return make_error(errc::illegal_state, "Call '" + call.id() + "' is " +
                                               std::string(to_string(call.resource.state)) +
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
        op.completion_reason = "completedSuccessfully";
        break;
    case OperationKind::record_response:
        result = ResultInfo{200, 8515, "Action completed, max record duration reached."};
        op.recording_location =
            settings_.recording_base_url + "/calls/" + call.id() + "/recordings/" + op.id + ".wav";
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

Result<Operation> Engine::mute_self(Effects& out, const std::string& call_id, bool mute,
                                    std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        if (const auto& me = call.resource.my_participant_id) {
            auto it = call.participants.find(*me);
            if (it != call.participants.end()) {
                Participant& bot = it->second;
                set_muted(bot, mute);
                touch_roster(call, bot);
                emit_roster(call, std::vector<Participant>{bot}, std::vector<Participant>{}, fx);
            }
        }
        return add_operation(
            call, mute ? OperationKind::mute_participant : OperationKind::unmute_participant,
            OperationStatus::completed, std::move(client_context));
    });
}

Result<Operation> Engine::start_media(Effects& out, const std::string& call_id,
                                      MediaRequest request) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        if (call.resource.state != CallState::established)
            return not_established(call);
        const auto kind = kind_of(request.action);
        if (call.resource.app_hosted_media && is_media_kind(kind))
            return make_error(errc::illegal_state,
                              std::string(type_name(kind)) +
                                  " needs a call with serviceHostedMediaConfig; this call hosts "
                                  "its own media.");
        Operation& op =
            add_operation(call, kind, OperationStatus::running, std::move(request.client_context));
        op.passthrough = std::move(request.echo);
        defer(fx, running_time(kind), DeferredAction::Kind::complete_operation, call.id(), op.id);
        return op;
    });
}

Result<Operation> Engine::cancel_media_processing(Effects& out, const std::string& call_id,
                                                  std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        for (auto& [id, op] : call.operations) {
            if (op.finished() || !is_media_kind(op.kind))
                continue;
            if (op.kind == OperationKind::record_response) {
                op.recording_location = "";
                op.recording_access_token = "";
            }
            op.completion_reason = op.kind == OperationKind::play_prompt
                                       ? "stoppedByCancelMediaProcessing"
                                       : "operationCanceled";
            finish_operation(call, op, OperationStatus::failed, settings_.media_cancelled, fx);
        }
        return add_operation(call, OperationKind::cancel_media_processing,
                             OperationStatus::completed, std::move(client_context));
    });
}

Result<Operation> Engine::subscribe_to_tone(Effects& out, const std::string& call_id,
                                            std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects&) -> Result<Operation> {
        if (call.resource.app_hosted_media)
            return make_error(errc::illegal_state,
                              "subscribeToTone needs a call with serviceHostedMediaConfig.");
        call.bookkeeping.subscribed_to_tones = true;
        return add_operation(call, OperationKind::subscribe_to_tone, OperationStatus::completed,
                             std::move(client_context));
    });
}

Result<Operation> Engine::update_recording_status(Effects& out, const std::string& call_id,
                                                  std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects&) -> Result<Operation> {
        return add_operation(call, OperationKind::update_recording_status,
                             OperationStatus::completed, std::move(client_context));
    });
}

Result<void> Engine::change_screen_sharing_role(Effects& out, const std::string& call_id,
                                                ScreenSharingRole role) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        if (call.resource.state != CallState::established)
            return not_established(call);
        const auto& me = call.resource.my_participant_id;
        auto it = me ? call.participants.find(*me) : call.participants.end();
        if (it == call.participants.end())
            return {};
        Participant& bot = it->second;
        auto& streams = bot.media_streams;
        std::erase_if(streams, [](const MediaStream& s) {
            return s.media_type == Modality::video_based_screen_sharing;
        });
        if (role == ScreenSharingRole::sharer)
            streams.push_back(MediaStream{Modality::video_based_screen_sharing,
                                          allocate_source_id(call), MediaDirection::send_only,
                                          false, "applicationsharing-video"});
        touch_roster(call, bot);
        emit_roster(call, std::vector<Participant>{bot}, std::vector<Participant>{}, fx);
        return {};
    });
}

Result<Operation> Engine::mute_all(Effects& out, const std::string& call_id,
                                   std::vector<std::string> participant_ids,
                                   std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        for (const auto& id : participant_ids)
            if (!call.participants.contains(id))
                return participant_missing(call_id, id);
        std::vector<Participant> changed;
        for (auto& [id, p] : call.participants) {
            const bool listed = participant_ids.empty()
                                    ? id != call.resource.my_participant_id.value_or("")
                                    : std::find(participant_ids.begin(), participant_ids.end(),
                                                id) != participant_ids.end();
            if (!listed || p.is_muted)
                continue;
            set_muted(p, true);
            touch_roster(call, p);
            changed.push_back(p);
        }
        if (!changed.empty())
            emit_roster(call, std::move(changed), std::vector<Participant>{}, fx);
        return add_operation(call, OperationKind::generic, OperationStatus::completed,
                             std::move(client_context));
    });
}

Result<Operation> Engine::configure_mixer(Effects& out, const std::string& call_id,
                                          std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        Operation& op = add_operation(call, OperationKind::generic, OperationStatus::running,
                                      std::move(client_context));
        defer(fx, running_time(op.kind), DeferredAction::Kind::complete_operation, call.id(),
              op.id);
        return op;
    });
}

} // namespace gcm::state
