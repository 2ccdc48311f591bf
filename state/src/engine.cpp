// The engine's core: loading (and resuming what loaded calls had under way), queries, shared
// helpers and deferred actions. The actions are in participant_actions.cpp, call_actions.cpp,
// media_actions.cpp, routing_groups.cpp and simulation.cpp.
#include "gcm/state/engine.hpp"

#include "transaction.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

namespace gcm::state {

void Effects::append(Effects&& more) {
    if (events.empty() && deferred.empty()) {
        *this = std::move(more);
        return;
    }
    std::move(more.events.begin(), more.events.end(), std::back_inserter(events));
    std::move(more.deferred.begin(), more.deferred.end(), std::back_inserter(deferred));
}

std::string allocate_source_id(Call& call) {
    return std::to_string(call.bookkeeping.next_source_id++);
}

MediaStream main_audio(Call& call) {
    return MediaStream{Modality::audio, allocate_source_id(call), MediaDirection::send_receive,
                       false, std::string("main-audio")};
}

Participant bot_participant(Call& call, const std::string& id, IdentitySet identity,
                            bool in_meeting) {
    Participant bot;
    bot.id = id;
    // Bots' rosters name their client "<display name> (appid:<app id>)".
    if (const auto* app = identity.find("application"))
        bot.info.client_version = (app->display_name ? *app->display_name : std::string("bot")) +
                                  " (appid:" + app->id + ")";
    if (in_meeting)
        for (auto& [kind, member] : identity.members)
            if (kind == "application")
                kind = "applicationInstance";
    bot.info.identity = std::move(identity);
    bot.info.participant_id = id;
    bot.info.endpoint_type = "default";
    bot.media_streams.push_back(main_audio(call));
    return bot;
}

std::vector<MediaStream> person_streams(Call& call) {
    std::vector<MediaStream> streams;
    streams.push_back(main_audio(call));
    streams.push_back({Modality::video, allocate_source_id(call), MediaDirection::receive_only,
                       false, std::string("main-video")});
    streams.push_back({Modality::video_based_screen_sharing, allocate_source_id(call),
                       MediaDirection::receive_only, false,
                       std::string("applicationsharing-video")});
    streams.push_back({Modality::data, allocate_source_id(call), MediaDirection::send_receive,
                       false, std::string("data")});
    return streams;
}

std::string app_of(const Call& call) {
    if (call.bookkeeping.app_id)
        return *call.bookkeeping.app_id;
    if (const auto& me = call.resource.my_participant_id)
        if (auto it = call.participants.find(*me); it != call.participants.end())
            if (const auto* app = it->second.info.identity.find("application"))
                return app->id;
    return {};
}

CallRef ref_of(const Call& call) {
    const auto& r = call.resource;
    return CallRef{r.id,       r.callback_uri, r.tenant_id,     app_of(call),
                   r.is_group, r.delta_roster, r.call_chain_id, call.bookkeeping.scenario_id};
}

void Engine::emit_roster(Call& call, std::vector<Participant> updated,
                         std::vector<Participant> removed, Effects& fx,
                         std::optional<std::vector<Participant>> roster) {
    RosterChanged change{
        ref_of(call), call.bookkeeping.roster_sequence, std::move(updated), std::move(removed), {}};
    if (roster) {
        change.roster = std::move(*roster);
    } else {
        change.roster.reserve(call.participants.size());
        for (const auto& [id, p] : call.participants)
            change.roster.push_back(p);
    }
    fx.events.emplace_back(std::move(change));
}

Engine::Engine(EngineSettings settings, IdSource ids)
    : settings_(std::move(settings)), ids_(ids ? std::move(ids) : IdSource{random_uuid}) {}

void Engine::load(Effects& out, std::vector<Call> calls) {
    load(out, snapshot_of(std::move(calls)));
}

void Engine::load(Effects& out, const Snapshot& snapshot) {
    transact(out, [&](Effects& fx) {
        calls_.clear();
        calls_.reserve(snapshot.size());
        ++epoch_;
        for (const auto& entry : snapshot) {
            Slot slot;
            slot.loaded = true;
            if (entry.frozen) {
                slot.frozen = entry.frozen; // at rest: nothing to resume until it is touched
            } else {
                // Shared with the snapshot; copied before its first change (own()). The
                // snapshot's calls are never changed through it.
                slot.call = std::const_pointer_cast<Call>(entry.call);
                if (needs_preparing(*slot.call)) {
                    slot.call = std::make_shared<Call>(*slot.call);
                    prepare(*slot.call);
                }
                slot.loaded_keepalive = slot.call->bookkeeping.keepalive_generation;
                resume(*slot.call, fx, false);
            }
            calls_.insert_or_assign(entry.id, std::move(slot));
        }
        // One keepAlive check for every loaded call (each would otherwise hold a timer).
        if (!snapshot.empty())
            defer(fx, settings_.keepalive_window,
                  DeferredAction{DeferredAction::Kind::check_keepalive, {}, {}, 0, 0});
    });
}

bool Engine::needs_preparing(const Call& call) const {
    if (settings_.schema_enum_case)
        for (const auto& [id, op] : call.operations)
            if (op.spelling != StatusSpelling::pascal)
                return true;
    return false;
}

void Engine::prepare(Call& call) const {
    if (settings_.schema_enum_case)
        for (auto& [id, op] : call.operations)
            op.spelling = StatusSpelling::pascal;
}

Call& Engine::view(Slot& slot) const {
    if (!slot.call) {
        auto call = std::make_shared<Call>(slot.frozen->thaw());
        settle_source_ids(*call);
        prepare(*call);
        slot.loaded_keepalive = call->bookkeeping.keepalive_generation;
        slot.call = std::move(call);
        slot.frozen.reset();
    }
    return *slot.call;
}

Call& Engine::own(Slot& slot) const {
    view(slot);
    // Shared with a snapshot (or, for a moment, with nobody else any more): a copy of its own.
    // Only this engine hands out copies of the pointer, and only under its lock.
    if (slot.call.use_count() > 1)
        slot.call = std::make_shared<Call>(std::as_const(*slot.call));
    return *slot.call;
}

Call& Engine::insert(const std::string& id, Call call) {
    auto [it, inserted] = calls_.try_emplace(id);
    if (inserted)
        it->second.call = std::make_shared<Call>(std::move(call));
    return own(it->second);
}

void Engine::expire_loaded(Effects& fx, std::uint64_t epoch) {
    if (epoch != epoch_)
        return;
    std::vector<std::string> expired;
    for (auto& [id, slot] : calls_) {
        if (!slot.loaded)
            continue;
        // A frozen call was never touched: no keepAlive reached it.
        if (slot.call && slot.call->bookkeeping.keepalive_generation != slot.loaded_keepalive)
            continue;
        expired.push_back(id);
    }
    std::sort(expired.begin(), expired.end());
    for (const auto& id : expired)
        if (Call* call = find_call(id))
            end_call(*call, settings_.keepalive_expired, fx);
}

bool at_rest(const Call& call) noexcept {
    switch (call.resource.state) {
    case CallState::established:
    case CallState::hold:
        break;
    default:
        return false;
    }
    for (const auto& [id, invitation] : call.invitations)
        if (!invitation.failure)
            return false;
    for (const auto& [id, op] : call.operations)
        if (!op.finished() && op.kind != OperationKind::invite_participants)
            return false;
    return true;
}

Snapshot snapshot_of(std::vector<Call> calls) {
    Snapshot out;
    out.reserve(calls.size());
    for (auto& call : calls) {
        settle_source_ids(call);
        auto id = call.id();
        out.push_back({std::move(id), std::make_shared<Call>(std::move(call)), nullptr});
    }
    return out;
}

std::vector<Call> calls_of(const Snapshot& snapshot) {
    std::vector<Call> out;
    out.reserve(snapshot.size());
    for (const auto& entry : snapshot)
        out.push_back(entry.call ? *entry.call : entry.frozen->thaw());
    return out;
}

Participant Engine::person(Call& call, ParticipantInfo info) {
    Participant p;
    p.id = info.participant_id ? *info.participant_id : next_id();
    p.info = std::move(info);
    p.info.participant_id = p.id;
    if (!p.info.endpoint_type)
        p.info.endpoint_type = "default";
    if (!p.info.endpoint_id)
        p.info.endpoint_id = next_id();
    p.media_streams = person_streams(call);
    return p;
}

void settle_source_ids(Call& call) {
    auto& next = call.bookkeeping.next_source_id;
    for (const auto& [id, p] : call.participants)
        for (const auto& stream : p.media_streams) {
            std::uint64_t n = 0;
            const auto* end = stream.source_id.data() + stream.source_id.size();
            auto [at, ec] = std::from_chars(stream.source_id.data(), end, n);
            if (ec == std::errc{} && at == end && n < UINT64_MAX)
                next = std::max(next, n + 1);
        }
}

std::chrono::milliseconds Engine::running_time(OperationKind kind) const {
    return kind == OperationKind::start_hold_music ? settings_.hold_music_start
                                                   : settings_.media_operation;
}

void Engine::resume(const Call& call, Effects& fx, bool keepalive) {
    const auto& id = call.id();
    if (keepalive)
        defer_keepalive_check(fx, call);
    switch (call.resource.state) {
    case CallState::incoming:
        defer(fx, settings_.incoming_timeout, DeferredAction::Kind::expire_incoming, id);
        break;
    case CallState::establishing:
        defer(fx, settings_.call_setup, DeferredAction::Kind::establish_call, id);
        break;
    case CallState::transferring:
    case CallState::transfer_accepted:
        defer(fx, settings_.transfer_step, DeferredAction::Kind::advance_transfer, id);
        break;
    case CallState::terminating:
    case CallState::redirecting:
        defer(fx, settings_.call_teardown, DeferredAction::Kind::finish_termination, id);
        break;
    default:
        break;
    }
    // Invitations settle their operation; other running operations complete on their own.
    for (const auto& [participant_id, invitation] : call.invitations)
        if (!invitation.failure)
            defer(fx, invitation.behaviour.after, DeferredAction::Kind::resolve_invitation, id,
                  participant_id);
    for (const auto& [operation_id, op] : call.operations)
        if (!op.finished() && op.kind != OperationKind::invite_participants)
            defer(fx, running_time(op.kind), DeferredAction::Kind::complete_operation, id,
                  operation_id);
}

Result<Call> Engine::get_call(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<Call> { return call; });
}

Result<CallResource> Engine::get_call_resource(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<CallResource> { return call.resource; });
}

Result<CallOwner> Engine::owner_of(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<CallOwner> {
        return CallOwner{app_of(call), call.resource.tenant_id.value_or("")};
    });
}

Result<std::vector<Participant>> Engine::list_participants(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<std::vector<Participant>> {
        std::vector<Participant> out;
        out.reserve(call.participants.size());
        for (const auto& [id, p] : call.participants)
            out.push_back(p);
        return out;
    });
}

Result<Participant> Engine::get_participant(const std::string& call_id,
                                            const std::string& participant_id) const {
    return read(call_id, [&](const Call& call) -> Result<Participant> {
        auto it = call.participants.find(participant_id);
        if (it == call.participants.end())
            return participant_missing(call_id, participant_id);
        return it->second;
    });
}

Result<Operation> Engine::get_operation(const std::string& call_id,
                                        const std::string& operation_id) const {
    return read(call_id, [&](const Call& call) -> Result<Operation> {
        auto it = call.operations.find(operation_id);
        if (it == call.operations.end())
            return operation_missing(call_id, operation_id);
        return it->second;
    });
}

Result<std::vector<Operation>> Engine::list_operations(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<std::vector<Operation>> {
        std::vector<Operation> out;
        out.reserve(call.operations.size());
        for (const auto& [id, op] : call.operations)
            out.push_back(op);
        return out;
    });
}

std::size_t Engine::call_count() const {
    std::lock_guard lock(mutex_);
    return calls_.size();
}

std::vector<Call> Engine::all_calls() const {
    std::vector<Call> out;
    {
        std::lock_guard lock(mutex_);
        out.reserve(calls_.size());
        for (const auto& [id, slot] : calls_) {
            if (slot.call) {
                if (slot.call->resource.state != CallState::terminated)
                    out.push_back(*slot.call);
                continue;
            }
            // Thawed for the copy only: exporting leaves frozen calls frozen.
            out.push_back(slot.frozen->thaw());
            settle_source_ids(out.back());
            prepare(out.back());
        }
    }
    std::sort(out.begin(), out.end(), [](const Call& a, const Call& b) { return a.id() < b.id(); });
    return out;
}

Call* Engine::find_call(const std::string& call_id) {
    auto it = calls_.find(call_id);
    if (it == calls_.end())
        return nullptr;
    if (view(it->second).resource.state == CallState::terminated)
        return nullptr;
    return &own(it->second);
}

Call* Engine::live_call(const std::string& call_id) {
    Call* call = find_call(call_id);
    if (!call || call->resource.state == CallState::terminating ||
        call->resource.state == CallState::redirecting)
        return nullptr;
    return call;
}

std::string Engine::next_id() {
    return ids_();
}

void Engine::defer(Effects& fx, std::chrono::milliseconds after, DeferredAction action) {
    action.epoch = epoch_;
    fx.deferred.push_back({after, std::move(action)});
}

void Engine::defer(Effects& fx, std::chrono::milliseconds after, DeferredAction::Kind kind,
                   const std::string& call_id, std::string item_id) {
    defer(fx, after, DeferredAction{kind, call_id, std::move(item_id), 0, 0});
}

void Engine::defer_keepalive_check(Effects& fx, const Call& call) {
    defer(fx, settings_.keepalive_window,
          DeferredAction{DeferredAction::Kind::check_keepalive,
                         call.id(),
                         {},
                         call.bookkeeping.keepalive_generation,
                         0});
}

Operation& Engine::add_operation(Call& call, OperationKind kind, OperationStatus status,
                                 std::optional<std::string> client_context) {
    Operation op;
    op.id = next_id();
    op.kind = kind;
    op.status = status;
    // The invite page answers "Running"; the metadata spells every status that way.
    op.spelling = kind == OperationKind::invite_participants || settings_.schema_enum_case
                      ? StatusSpelling::pascal
                      : StatusSpelling::camel;
    op.client_context = std::move(client_context);
    // Forget the oldest finished operations beyond the cap (running ones are kept).
    auto& order = call.bookkeeping.operation_order;
    while (order.size() >= settings_.max_operations_per_call) {
        auto oldest = std::find_if(order.begin(), order.end(), [&](const std::string& id) {
            auto it = call.operations.find(id);
            return it == call.operations.end() || it->second.finished();
        });
        if (oldest == order.end())
            break;
        call.operations.erase(*oldest);
        order.erase(oldest);
    }
    order.push_back(op.id);
    auto id = op.id;
    return call.operations.insert_or_assign(std::move(id), std::move(op)).first->second;
}

std::optional<Error> Engine::warn_or_refuse(Call& call, Effects& fx, std::string message) {
    if (settings_.strict)
        return make_error(errc::illegal_state, std::move(message));
    fx.events.emplace_back(Warning{ref_of(call), std::move(message)});
    return std::nullopt;
}

void Engine::touch_roster(Call& call, Participant& participant) {
    participant.roster_sequence_number = ++call.bookkeeping.roster_sequence;
}

void Engine::finish_operation(Call& call, Operation& op, OperationStatus status,
                              std::optional<ResultInfo> result, Effects& fx) {
    op.status = status;
    op.result_info = std::move(result);
    fx.events.emplace_back(OperationFinished{ref_of(call), op});
}

void Engine::fire(Effects& out, const DeferredAction& action) {
    transact(out, [&](Effects& fx) {
        if (action.epoch != epoch_)
            return;
        if (action.kind == DeferredAction::Kind::check_keepalive && action.call_id.empty())
            return expire_loaded(fx, action.epoch);
        Call* call = find_call(action.call_id);
        if (!call)
            return;
        const auto state = call->resource.state;
        switch (action.kind) {
        case DeferredAction::Kind::complete_operation: {
            auto it = call->operations.find(action.item_id);
            if (it != call->operations.end() && !it->second.finished())
                complete_media(*call, it->second, fx);
            break;
        }
        case DeferredAction::Kind::resolve_invitation:
            resolve_invitation(*call, action.item_id, fx);
            break;
        case DeferredAction::Kind::establish_call:
            establish(*call, fx);
            break;
        case DeferredAction::Kind::finish_termination:
            if (state == CallState::terminating || state == CallState::redirecting)
                end_call(*call, call->resource.result_info, fx);
            break;
        case DeferredAction::Kind::advance_transfer:
            advance_transfer(*call, fx);
            break;
        case DeferredAction::Kind::expire_incoming:
            if (state == CallState::incoming)
                end_call(*call, settings_.unanswered_incoming, fx);
            break;
        case DeferredAction::Kind::check_keepalive:
            if (action.keepalive_generation == call->bookkeeping.keepalive_generation)
                end_call(*call, settings_.keepalive_expired, fx);
            break;
        }
    });
}

} // namespace gcm::state
