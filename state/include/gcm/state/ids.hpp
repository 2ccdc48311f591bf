// Fresh identifiers in Graph's format (lowercase RFC 4122 version-4 UUIDs), and the engine's
// source of them: random by default, or a seeded sequence that makes a run repeatable.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace gcm::state {

// Where an engine takes every id it mints (calls, participants, operations, callChainIds, ...).
using IdSource = std::function<std::string()>;

std::string random_uuid();
// UUIDs drawn from a generator seeded with `seed`: the same seed gives the same ids, in order.
IdSource seeded_ids(std::uint64_t seed);

} // namespace gcm::state
