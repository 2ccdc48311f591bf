// Fresh identifiers in Graph's format (lowercase RFC 4122 version-4 UUIDs).
#pragma once

#include <string>

namespace gcm::state {

std::string random_uuid();

} // namespace gcm::state
