// The call-state engine: a monitor over every call of one namespace. Each public method is one
// transaction (validate, change, collect effects) under the lock; results are copies, never
// pointers into the maps. A method that changes state appends what it caused to the caller's
// `Effects` (its outbox), and only when it succeeds: a refused action changes nothing and causes
// nothing. The caller carries the effects out after the call returns (see docs/architecture.md).
#pragma once

#include "gcm/state/call.hpp"
#include "gcm/state/errc.hpp"
#include "gcm/state/events.hpp"
#include "gcm/state/ids.hpp"
#include "gcm/state/requests.hpp"
#include "gcm/state/settings.hpp"
#include "gcm/state/snapshot.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gcm::state {

struct HoldRequest {
    std::optional<std::string> client_context;
    std::optional<std::string> custom_prompt; // wire text of a mediaPrompt
};

enum class Removal { participant_removed, invitation_cancelled };

// Whom a call belongs to: the application its notifications go to (the one that created or
// answered it, else the one it names; see app_of) and its tenant. Empty when the call does not
// say: the caller supplies its defaults.
struct CallOwner {
    std::string app_id;
    std::string tenant_id;
};

class Engine {
public:
    explicit Engine(EngineSettings settings = {}, IdSource ids = {});
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const EngineSettings& settings() const { return settings_; }

    // Replaces every call; deferred actions from before become stale. What was under way in the
    // loaded calls resumes: establishing calls come up, running operations finish, pending
    // invitations are answered, as if each had just begun.
    void load(Effects& out, std::vector<Call> calls);
    // The same from a snapshot, which the engine shares rather than copies: a call is copied
    // when it first changes, and a frozen call thawed when it is first touched. The loaded
    // calls' keepAlive windows are checked by one timer, not one per call.
    void load(Effects& out, const Snapshot& snapshot);

    Result<Call> get_call(const std::string& call_id) const;
    // The call's own properties only: none of its collections, which would cost a GET far more
    // than its answer does.
    Result<CallResource> get_call_resource(const std::string& call_id) const;
    Result<std::vector<Participant>> list_participants(const std::string& call_id) const;
    Result<Participant> get_participant(const std::string& call_id,
                                        const std::string& participant_id) const;
    Result<Operation> get_operation(const std::string& call_id,
                                    const std::string& operation_id) const;
    Result<std::vector<Operation>> list_operations(const std::string& call_id) const;
    // A call's owner (a read: calls ended are not found).
    Result<CallOwner> owner_of(const std::string& call_id) const;
    std::size_t call_count() const;
    // Every live call, in id order (for exporting state).
    std::vector<Call> all_calls() const;

    // Participant actions (participant_actions.cpp).
    Result<Operation> start_hold_music(Effects& out, const std::string& call_id,
                                       const std::string& participant_id, HoldRequest request);
    Result<Operation> stop_hold_music(Effects& out, const std::string& call_id,
                                      const std::string& participant_id,
                                      std::optional<std::string> client_context);
    Result<Operation> mute_participant(Effects& out, const std::string& call_id,
                                       const std::string& participant_id,
                                       std::optional<std::string> client_context);
    Result<Operation> invite_participants(Effects& out, const std::string& call_id,
                                          std::vector<InvitationParticipantInfo> invitees,
                                          std::optional<std::string> client_context);
    Result<Removal> remove_participant(Effects& out, const std::string& call_id,
                                       const std::string& participant_id);
    // beta: participants/muteAll (empty list = everyone but the bot), participants/configureMixer
    Result<Operation> mute_all(Effects& out, const std::string& call_id,
                               std::vector<std::string> participant_ids,
                               std::optional<std::string> client_context);
    Result<Operation> configure_mixer(Effects& out, const std::string& call_id,
                                      std::optional<std::string> client_context);

    // The call's life (call_actions.cpp).
    Result<CallResource> create_call(Effects& out, NewCall request);
    Result<void> hang_up(Effects& out, const std::string& call_id);
    Result<void> answer(Effects& out, const std::string& call_id, AnswerRequest request);
    Result<void> reject(Effects& out, const std::string& call_id, RejectRequest request);
    Result<void> redirect(Effects& out, const std::string& call_id, RedirectRequest request);
    Result<void> transfer(Effects& out, const std::string& call_id, TransferRequest request);
    Result<void> keep_alive(Effects& out, const std::string& call_id);

    // Call-level operations (media_actions.cpp).
    Result<Operation> mute_self(Effects& out, const std::string& call_id, bool mute,
                                std::optional<std::string> client_context);
    Result<Operation> start_media(Effects& out, const std::string& call_id, MediaRequest request);
    Result<Operation> cancel_media_processing(Effects& out, const std::string& call_id,
                                              std::optional<std::string> client_context);
    Result<Operation> subscribe_to_tone(Effects& out, const std::string& call_id,
                                        std::optional<std::string> client_context);
    Result<Operation> update_recording_status(Effects& out, const std::string& call_id,
                                              std::optional<std::string> client_context);
    Result<void> change_screen_sharing_role(Effects& out, const std::string& call_id,
                                            ScreenSharingRole role);

    // Audio routing groups and content sharing sessions (routing_groups.cpp).
    Result<AudioRoutingGroup> create_audio_routing_group(Effects& out, const std::string& call_id,
                                                         AudioRoutingGroup group);
    Result<std::vector<AudioRoutingGroup>>
    list_audio_routing_groups(const std::string& call_id) const;
    Result<AudioRoutingGroup> get_audio_routing_group(const std::string& call_id,
                                                      const std::string& group_id) const;
    Result<AudioRoutingGroup> update_audio_routing_group(Effects& out, const std::string& call_id,
                                                         const std::string& group_id,
                                                         AudioRoutingGroupPatch patch);
    Result<void> delete_audio_routing_group(Effects& out, const std::string& call_id,
                                            const std::string& group_id);
    Result<std::vector<ContentSharingSession>>
    list_content_sharing_sessions(const std::string& call_id) const;
    Result<ContentSharingSession> get_content_sharing_session(const std::string& call_id,
                                                              const std::string& id) const;

    // The other side of the call, driven by the control plane (simulation.cpp). Ids left empty
    // are minted by the engine.
    Result<Call> simulate_incoming_call(Effects& out, Call call, IncomingParties parties = {});
    Result<void> resolve_invitation_now(Effects& out, const std::string& call_id,
                                        const std::string& participant_id,
                                        InviteeBehaviour::Reaction reaction);
    Result<Participant> participant_joins(Effects& out, const std::string& call_id,
                                          Participant participant);
    Result<void> participant_leaves(Effects& out, const std::string& call_id,
                                    const std::string& participant_id);
    Result<std::int64_t> press_tones(Effects& out, const std::string& call_id,
                                     std::vector<Tone> tones);
    Result<void> remote_hang_up(Effects& out, const std::string& call_id,
                                std::optional<ResultInfo> reason);
    Result<Operation> fail_operation(Effects& out, const std::string& call_id,
                                     const std::string& operation_id, OperationFailure failure);
    // Someone shares their screen, changes what they share, stops.
    Result<ContentSharingSession> start_content_sharing(Effects& out, const std::string& call_id);
    Result<ContentSharingSession> change_content_sharing(Effects& out, const std::string& call_id,
                                                         const std::string& session_id);
    Result<void> stop_content_sharing(Effects& out, const std::string& call_id,
                                      const std::string& session_id);

    // Carries out a deferred action handed out earlier; stale or moot actions do nothing.
    void fire(Effects& out, const DeferredAction& action);

private:
    // One transaction: `body(fx)` under the lock; its effects reach `out` only if it succeeded.
    template <class F> auto transact(Effects& out, F&& body);
    // A transaction on a call that still takes actions: `body(call, fx)`, or "call not found".
    template <class F> auto transact_on(Effects& out, const std::string& call_id, F&& body);
    // A read of one call: `body(call)` under the lock, or "call not found".
    template <class F> auto read(const std::string& call_id, F&& body) const;

    Call* find_call(const std::string& call_id);
    // A call that still takes actions: not terminating, redirecting or terminated.
    Call* live_call(const std::string& call_id);
    void defer(Effects& fx, std::chrono::milliseconds after, DeferredAction action);
    void defer(Effects& fx, std::chrono::milliseconds after, DeferredAction::Kind kind,
               const std::string& call_id, std::string item_id = {});
    void defer_keepalive_check(Effects& fx, const Call& call);
    // What a loaded call had under way, scheduled again (its keepAlive check too, unless the
    // load's one check covers it).
    void resume(const Call& call, Effects& fx, bool keepalive = true);
    // A call of the engine's: shared with a snapshot until it changes, frozen until touched.
    struct Slot {
        std::shared_ptr<Call> call; // null while frozen
        std::shared_ptr<const FrozenCall> frozen;
        // Loaded calls share one keepAlive check: it ends those whose keepAlive count is still
        // the one they were loaded with.
        bool loaded = false;
        std::uint64_t loaded_keepalive = 0;
    };
    // The slot's call, thawed if need be (reads may share it).
    Call& view(Slot& slot) const;
    // The slot's call, made its own first (for a change).
    Call& own(Slot& slot) const;
    // A new call (an existing one with that id stays).
    Call& insert(const std::string& id, Call call);
    // Loading's normalisation of a call: status spelling under --enum-case schema.
    bool needs_preparing(const Call& call) const;
    void prepare(Call& call) const;
    void expire_loaded(Effects& fx, std::uint64_t epoch);
    // Ends the call: the terminated event, then the call is gone (`call` dangles afterwards).
    void end_call(Call& call, std::optional<ResultInfo> reason, Effects& fx);
    void set_state(Call& call, CallState state, Effects& fx);
    void complete_media(Call& call, Operation& op, Effects& fx);
    void advance_transfer(Call& call, Effects& fx);
    void establish(Call& call, Effects& fx);
    // A roster change: `updated` and `removed`, and the roster after it (everyone in the call,
    // unless `roster` says who the bot is told is there).
    void emit_roster(Call& call, std::vector<Participant> updated, std::vector<Participant> removed,
                     Effects& fx, std::optional<std::vector<Participant>> roster = std::nullopt);
    std::string next_id();
    Operation& add_operation(Call& call, OperationKind kind, OperationStatus status,
                             std::optional<std::string> client_context);
    // Misuse the docs leave open: a warning event, or under --strict the refusal to return.
    std::optional<Error> warn_or_refuse(Call& call, Effects& fx, std::string message);
    Result<Participant*> hold_target(Call& call, const std::string& participant_id,
                                     std::string_view action, Effects& fx);
    void touch_roster(Call& call, Participant& participant);
    // Someone who joins `call` as `info` says (an id, an endpoint and a Teams client's streams
    // where it says nothing).
    Participant person(Call& call, ParticipantInfo info);
    void finish_operation(Call& call, Operation& op, OperationStatus status,
                          std::optional<ResultInfo> result, Effects& fx);
    void resolve_invitation(Call& call, const std::string& participant_id, Effects& fx);
    void settle_invite_operation(Call& call, const std::string& operation_id, Effects& fx);
    InviteeBehaviour behaviour_for(const Call& call, const InvitationParticipantInfo& who) const;
    // How long an operation of this kind runs before it completes by itself.
    std::chrono::milliseconds running_time(OperationKind kind) const;

    EngineSettings settings_;
    IdSource ids_;
    mutable std::mutex mutex_;
    // Mutable: a read thaws a frozen call in place (under the lock).
    mutable std::unordered_map<std::string, Slot> calls_;
    std::uint64_t epoch_ = 0;
};

CallRef ref_of(const Call& call);
// The bot's application id: the app that created or answered the call, else the application
// its bot participant is; empty when neither says.
std::string app_of(const Call& call);

} // namespace gcm::state
