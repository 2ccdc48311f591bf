// Role names of the calls API (see permissions.hpp).
#include "permissions.hpp"

#include "gcm/app/config.hpp"
#include "gcm/state/ascii.hpp"

#include <array>
#include <utility>

namespace gcm::app {
namespace {

constexpr std::array roles{
    std::pair{permission::initiate, std::string_view{"Calls.Initiate.All"}},
    std::pair{permission::initiate_group, std::string_view{"Calls.InitiateGroupCall.All"}},
    std::pair{permission::join_group, std::string_view{"Calls.JoinGroupCall.All"}},
    std::pair{permission::join_group_as_guest, std::string_view{"Calls.JoinGroupCallAsGuest.All"}},
    std::pair{permission::access_media, std::string_view{"Calls.AccessMedia.All"}},
};

} // namespace

Permissions permissions_of(const std::vector<std::string>& names) {
    Permissions set = permission::none;
    for (const auto& name : names)
        for (const auto& [bit, role] : roles)
            if (state::iequals(name, role))
                set |= bit;
    return set;
}

std::string names_of(Permissions set) {
    std::string out;
    for (const auto& [bit, role] : roles)
        if (set & bit) {
            if (!out.empty())
                out += ", ";
            out += role;
        }
    return out;
}

std::vector<std::string> calling_roles() {
    std::vector<std::string> out;
    for (const auto& [bit, role] : roles)
        out.emplace_back(role);
    return out;
}

} // namespace gcm::app
