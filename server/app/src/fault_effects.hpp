// Carrying out what a fault rule decided for a Graph request (faults.hpp decides): the error it
// answers instead, and what it changes in the request's effects — operations that never
// complete, calls that never come up.
#pragma once

#include "faults.hpp"
#include "gcm/state/events.hpp"
#include "metrics.hpp"

#include <string>
#include <vector>

namespace gcm::app {

// The Graph error a "respond" rule answers with (Retry-After when it has one).
Response fault_response(const FaultRespond& respond);

// Removes from `effects` what the fault cancels: the completions of the operations it started
// ("never-completes"), the establishment of the calls it started ("call"). Returns the ids of
// those calls: they are to end instead (TimersToStart::calls_to_end).
std::vector<std::string> apply_to_effects(const RequestFault& fault, state::Effects& effects);

// Counts each effect the fault had.
void count_effects(Metrics& metrics, const RequestFault& fault);

} // namespace gcm::app
