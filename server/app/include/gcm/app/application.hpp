// The application: turns one HTTP request into one response. It owns the namespaces (each with
// its engine and journal) and is shared by every connection; handle() never throws.
#pragma once

#include "gcm/app/config.hpp"
#include "gcm/app/http_types.hpp"
#include "gcm/app/notifications.hpp"
#include "gcm/app/scheduler.hpp"
#include "gcm/auth/token_signer.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace gcm::app {

class Namespaces;
class NamespaceLease;
class Workspace;
class Metrics;

// Whether a request loads a fixture (PUT /_mock/fixtures, in any namespace): the one route whose
// body may be larger than --max-body-bytes (a saved state of a few hundred calls is over 1 MiB),
// up to --max-fixture-bytes. Decided from the request line alone, before the body is read.
bool loads_fixture(Method method, std::string_view target);

class Application {
public:
    // `scheduler`, `notifier` (may be null: no notifications) and `signer` outlive the
    // application.
    Application(AppConfig config, Scheduler& scheduler, NotificationSink* notifier,
                const auth::TokenSigner& signer);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    Response handle(const Request& request) noexcept;
    // A Graph error with the usual headers, for requests refused before they could be read
    // (oversized headers or body).
    Response refuse(unsigned status, std::string code, std::string message) noexcept;
    const AppConfig& config() const { return config_; }
    const auth::TokenSigner& signer() const { return signer_; }
    // Sends the notifications a response carried, then starts its timers; call it once the
    // response is written (or could not be: the request's effects happened all the same).
    void deliver(Aftermath aftermath) noexcept;
    // One line for the log at shutdown: the requests served, by route and status.
    std::string summary() const;
    // Every namespace, for saving and loading them (StateStore).
    Namespaces& namespaces() { return *namespaces_; }

private:
    // What answer() learnt besides the response: the route (for the metrics) and how long a
    // fault rule has the answer wait.
    struct Handled {
        std::size_t route_slot = 0;
        std::chrono::milliseconds delay{0};
        // A lease on the named namespace of a delayed answer, released once it is written (so
        // the idle sweep does not forget what the request did meanwhile).
        std::shared_ptr<NamespaceLease> hold;
    };
    // The response to `request`, journaled and with its notifications, without the headers:
    // resolve_namespace, pre_empt (the fault rules), dispatch, journal, aftermath.
    Response answer(const Request& request, const std::string& request_id, Handled& handled);
    // `response`, written after `delay` (a fault rule's delayMs); `lease`, if any, is released
    // when it is written.
    Response delayed(Response response, std::chrono::milliseconds delay,
                     std::shared_ptr<NamespaceLease> lease);

    AppConfig config_;
    const auth::TokenSigner& signer_;
    Scheduler& scheduler_;
    NotificationSink* notifier_;
    // Shared with what outlives a request: a Later's finisher counts into the metrics, the idle
    // sweep holds the registry weakly.
    std::shared_ptr<Metrics> metrics_;
    std::shared_ptr<Namespaces> namespaces_;
};

} // namespace gcm::app
