// What a control-plane handler (/_mock, /_ns/{name}, the identity platform's routes) may reach
// beyond the request and the engine: the namespace's journal, fault rules, waits and event
// streams, the registry of namespaces, the signing keys, the metrics and the timers.
#pragma once

#include "gcm/app/http_types.hpp"
#include "gcm/app/scheduler.hpp"
#include "gcm/auth/token_signer.hpp"
#include "serial.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace gcm::app {

class Workspace;
class Namespaces;
class Metrics;
struct Route;

// Who a request is, for an answer given later: its Later's answer carries the same headers, and
// is counted under the same route, as an answer given at once.
struct RequestStamp {
    std::string_view request_id;
    Method method = Method::get;
    std::string_view client_request_id;
    std::string_view scenario_id;
    std::chrono::steady_clock::time_point started;
};

struct Services {
    Workspace& workspace;     // its journal, fault rules, waits and event streams
    const Serial::Turn& turn; // the request's turn in it: what reaches them (serial.hpp)
    Namespaces& namespaces;
    const auth::TokenSigner& signer;
    // Shared: a Later's finisher counts its answer, whenever that comes.
    const std::shared_ptr<Metrics>& metrics;
    Scheduler& scheduler;
    std::string_view namespace_name; // empty for the default namespace
    RequestStamp stamp;
    // The route that took the request (null: none yet), for the metrics.
    const Route* route = nullptr;

    // For a handler that answers later (a wait): a Later whose answer gets the headers every
    // response carries, and is counted.
    std::shared_ptr<Later> make_later() const;
};

} // namespace gcm::app
