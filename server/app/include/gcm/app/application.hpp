// The application: turns one HTTP request into one response. It owns the namespaces (each with
// its engine and journal) and is shared by every connection; handle() never throws.
#pragma once

#include "gcm/app/config.hpp"
#include "gcm/app/http_types.hpp"
#include "gcm/app/notifications.hpp"
#include "gcm/app/scheduler.hpp"
#include "gcm/auth/token_signer.hpp"

#include <memory>
#include <string>

namespace gcm::app {

class Namespaces;

class Application {
public:
    // `notifier` (may be null: no notifications) and `signer` outlive the application.
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

private:
    // The response to `request`, journaled and with its notifications, without the headers.
    Response answer(const Request& request, const std::string& request_id);
    static void finish(Response& response, const std::string& request_id,
                       std::string_view client_request_id);

    AppConfig config_;
    const auth::TokenSigner& signer_;
    NotificationSink* notifier_;
    std::unique_ptr<Namespaces> namespaces_;
};

} // namespace gcm::app
