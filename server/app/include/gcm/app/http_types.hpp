// The application's view of HTTP: a request as plain views, a response as plain values. The
// network layer (server/http) converts to and from Beast; nothing here includes Beast.
#pragma once

#include "gcm/app/notifications.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gcm::app {

enum class Method { get, post, put, patch, delete_, head, options, other };

std::string_view to_string(Method m) noexcept;

struct Request {
    Method method = Method::get;
    std::string_view target; // path and query, as sent
    std::string_view body;
    std::string_view host;
    std::string_view authorization;
    std::string_view content_type;
    std::string_view client_request_id;
};

// A Graph error a handler wants to report; Application::handle writes its body.
struct GraphError {
    std::string code;
    std::string message;
};

struct Response {
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body; // JSON text, or empty
    std::optional<GraphError> error;
    // Notifications the request caused: the network layer hands them to Application::deliver
    // once the response has been written, as the real service notifies after answering.
    std::vector<Notification> notifications;
};

} // namespace gcm::app
