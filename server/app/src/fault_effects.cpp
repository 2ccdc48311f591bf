// What a fault rule does to a request (see fault_effects.hpp).
#include "fault_effects.hpp"

#include "responses.hpp"

#include <algorithm>

namespace gcm::app {

Response fault_response(const FaultRespond& respond) {
    auto r = graph_error(respond.status, respond.code, respond.message);
    if (respond.retry_after)
        r.headers.emplace_back("Retry-After", std::to_string(respond.retry_after->count()));
    return r;
}

std::vector<std::string> apply_to_effects(const RequestFault& fault, state::Effects& effects) {
    using Kind = state::DeferredAction::Kind;
    std::vector<std::string> failing;
    std::erase_if(effects.deferred, [&](const state::Deferred& d) {
        const auto kind = d.action.kind;
        if (fault.never_completes &&
            (kind == Kind::complete_operation || kind == Kind::resolve_invitation))
            return true;
        if (fault.call && kind == Kind::establish_call) {
            failing.push_back(d.action.call_id);
            return true;
        }
        return false;
    });
    return failing;
}

void count_effects(Metrics& metrics, const RequestFault& fault) {
    if (fault.respond)
        metrics.count_fault(FaultEffect::respond);
    if (fault.delay.count() > 0)
        metrics.count_fault(FaultEffect::delay);
    if (fault.connection != Disruption::none)
        metrics.count_fault(FaultEffect::connection);
    if (fault.never_completes)
        metrics.count_fault(FaultEffect::operation);
    if (fault.call)
        metrics.count_fault(FaultEffect::call);
}

} // namespace gcm::app
