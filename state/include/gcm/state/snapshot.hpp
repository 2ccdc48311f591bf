// What an engine loads and resets to: calls shared, not copied. A snapshot is immutable and may be
// shared by every namespace and by each one's reset point; an engine takes a call of its own only
// when it first changes it (copy-on-write per call). A call with nothing under way may even stay
// frozen (in whatever compact form the layer that read it keeps: the wire layer keeps its JSON
// text) until a request first touches it, so a load test's 100,000 idle calls cost their text.
#pragma once

#include "gcm/state/call.hpp"

#include <memory>
#include <string>
#include <vector>

namespace gcm::state {

// A call kept in a compact form; thawing it gives the call it was made from, every time.
class FrozenCall {
public:
    virtual ~FrozenCall() = default;
    // Never fails for a frozen call that was checked when it was made; throws if it does.
    virtual Call thaw() const = 0;
};

struct SnapshotCall {
    std::string id;
    // Exactly one of the two is set: the call, or what it thaws from.
    std::shared_ptr<const Call> call;
    std::shared_ptr<const FrozenCall> frozen;
};

using Snapshot = std::vector<SnapshotCall>;

// Whether a loaded call has nothing under way but its keepAlive window (no timer of its own to
// resume), so that it may stay frozen until first touched.
bool at_rest(const Call& call) noexcept;

// Every call as it is, shared (media sourceIds settled as loading settles them).
Snapshot snapshot_of(std::vector<Call> calls);

// The calls of a snapshot, thawed (copies).
std::vector<Call> calls_of(const Snapshot& snapshot);

} // namespace gcm::state
