// The application permissions (app roles) of the calls API, as a set the route table can name:
// a route lists the roles that allow it, any one of which suffices (the reference pages' tables).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gcm::app {

using Permissions = std::uint8_t;

namespace permission {
inline constexpr Permissions none = 0;
inline constexpr Permissions initiate = 1 << 0;            // Calls.Initiate.All
inline constexpr Permissions initiate_group = 1 << 1;      // Calls.InitiateGroupCall.All
inline constexpr Permissions join_group = 1 << 2;          // Calls.JoinGroupCall.All
inline constexpr Permissions join_group_as_guest = 1 << 3; // Calls.JoinGroupCallAsGuest.All
inline constexpr Permissions access_media = 1 << 4;        // Calls.AccessMedia.All
inline constexpr Permissions all = 0x1F;
} // namespace permission

// The roles a token carries, as a set (unknown roles are ignored; names compare ignoring case,
// as the docs themselves spell them inconsistently).
Permissions permissions_of(const std::vector<std::string>& roles);
// "Calls.Initiate.All, Calls.AccessMedia.All"
std::string names_of(Permissions set);

} // namespace gcm::app
