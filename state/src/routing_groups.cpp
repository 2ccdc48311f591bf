// Audio routing groups (create, list, get, update, delete) and content sharing sessions (list,
// get) of a call.
#include "gcm/state/engine.hpp"
#include "transaction.hpp"

namespace gcm::state {
namespace {

Error group_missing(const std::string& call_id, const std::string& id) {
    return item_missing("Audio routing group", call_id, id);
}

std::optional<Error> check_members(const Call& call, const AudioRoutingGroup& group) {
    for (const auto* list : {&group.sources, &group.receivers})
        for (const auto& id : *list)
            if (!call.participants.contains(id))
                return make_error(errc::invalid_request,
                                  "names participant '" + id + "', who is not in the call.",
                                  list == &group.sources ? "sources" : "receivers");
    if (group.routing_mode == RoutingMode::one_to_one && group.sources.size() != 1)
        return make_error(errc::invalid_request, "a oneToOne group has exactly one source.",
                          "sources");
    return std::nullopt;
}

} // namespace

Result<AudioRoutingGroup> Engine::create_audio_routing_group(Effects& out,
                                                             const std::string& call_id,
                                                             AudioRoutingGroup group) {
    return transact_on(out, call_id, [&](Call& call, Effects&) -> Result<AudioRoutingGroup> {
        if (auto error = check_members(call, group))
            return *error;
        if (group.id.empty())
            group.id = next_id();
        if (call.audio_routing_groups.contains(group.id))
            return make_error(errc::conflict,
                              "Audio routing group '" + group.id + "' already exists.", "id");
        call.audio_routing_groups.emplace(group.id, group);
        return group;
    });
}

Result<std::vector<AudioRoutingGroup>>
Engine::list_audio_routing_groups(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<std::vector<AudioRoutingGroup>> {
        std::vector<AudioRoutingGroup> out;
        for (const auto& [id, group] : call.audio_routing_groups)
            out.push_back(group);
        return out;
    });
}

Result<AudioRoutingGroup> Engine::get_audio_routing_group(const std::string& call_id,
                                                          const std::string& group_id) const {
    return read(call_id, [&](const Call& call) -> Result<AudioRoutingGroup> {
        auto it = call.audio_routing_groups.find(group_id);
        if (it == call.audio_routing_groups.end())
            return group_missing(call_id, group_id);
        return it->second;
    });
}

Result<AudioRoutingGroup> Engine::update_audio_routing_group(Effects& out,
                                                             const std::string& call_id,
                                                             const std::string& group_id,
                                                             AudioRoutingGroupPatch patch) {
    return transact_on(out, call_id, [&](Call& call, Effects&) -> Result<AudioRoutingGroup> {
        auto it = call.audio_routing_groups.find(group_id);
        if (it == call.audio_routing_groups.end())
            return group_missing(call_id, group_id);
        AudioRoutingGroup updated = it->second;
        if (patch.routing_mode)
            updated.routing_mode = *patch.routing_mode;
        if (patch.sources)
            updated.sources = std::move(*patch.sources);
        if (patch.receivers)
            updated.receivers = std::move(*patch.receivers);
        if (auto error = check_members(call, updated))
            return *error;
        it->second = updated;
        return updated;
    });
}

Result<void> Engine::delete_audio_routing_group(Effects& out, const std::string& call_id,
                                                const std::string& group_id) {
    return transact_on(out, call_id, [&](Call& call, Effects&) -> Result<void> {
        if (call.audio_routing_groups.erase(group_id) == 0)
            return group_missing(call_id, group_id);
        return {};
    });
}

Result<std::vector<ContentSharingSession>>
Engine::list_content_sharing_sessions(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<std::vector<ContentSharingSession>> {
        std::vector<ContentSharingSession> out;
        for (const auto& [id, session] : call.content_sharing_sessions)
            out.push_back(session);
        return out;
    });
}

Result<ContentSharingSession> Engine::get_content_sharing_session(const std::string& call_id,
                                                                  const std::string& id) const {
    return read(call_id, [&](const Call& call) -> Result<ContentSharingSession> {
        auto it = call.content_sharing_sessions.find(id);
        if (it == call.content_sharing_sessions.end())
            return item_missing("Content sharing session", call_id, id);
        return it->second;
    });
}

} // namespace gcm::state
