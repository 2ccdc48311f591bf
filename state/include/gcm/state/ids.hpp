// Fresh identifiers in Graph's format (lowercase RFC 4122 version-4 UUIDs), and the engine's
// source of them: random by default, or a seeded sequence that makes a run repeatable.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace gcm::state {

// Where an engine takes every id it mints (calls, participants, operations, callChainIds, ...).
using IdSource = std::function<std::string()>;

std::string random_uuid();
// UUIDs drawn from a generator seeded with `seed`: the same seed gives the same ids, in order,
// on any machine.
IdSource seeded_ids(std::uint64_t seed);
// A seed for one of several sequences (a namespace's) from a seed and a name: FNV-1a of the name,
// mixed with the seed; portable, unlike std::hash.
std::uint64_t seed_for(std::uint64_t seed, std::string_view name);

} // namespace gcm::state
