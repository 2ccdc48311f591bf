// The Beast-to-application request conversion (see gcm/http/request_view.hpp).
#include "gcm/http/request_view.hpp"

#include "gcm/state/ascii.hpp"

namespace gcm::http {

namespace bhttp = boost::beast::http;

app::Method method_of(bhttp::verb verb) noexcept {
    switch (verb) {
    case bhttp::verb::get:
        return app::Method::get;
    case bhttp::verb::post:
        return app::Method::post;
    case bhttp::verb::put:
        return app::Method::put;
    case bhttp::verb::patch:
        return app::Method::patch;
    case bhttp::verb::delete_:
        return app::Method::delete_;
    case bhttp::verb::head:
        return app::Method::head;
    case bhttp::verb::options:
        return app::Method::options;
    default:
        return app::Method::other;
    }
}

app::Request request_view(const bhttp::request<bhttp::string_body>& message) {
    app::Request out;
    out.method = method_of(message.method());
    out.target = {message.target().data(), message.target().size()};
    out.body = message.body();
    // One pass over the few fields a request has, rather than a lookup per field the
    // application reads; the first of repeated fields wins, as with find().
    auto take = [](std::string_view& to, boost::beast::string_view value) {
        if (to.data() == nullptr)
            to = {value.data(), value.size()};
    };
    for (const auto& field : message) {
        switch (field.name()) {
        case bhttp::field::host:
            take(out.host, field.value());
            break;
        case bhttp::field::authorization:
            take(out.authorization, field.value());
            break;
        case bhttp::field::content_type:
            take(out.content_type, field.value());
            break;
        case bhttp::field::unknown: {
            const std::string_view name{field.name_string().data(), field.name_string().size()};
            if (state::iequals(name, "client-request-id"))
                take(out.client_request_id, field.value());
            else if (state::iequals(name, "scenario-id"))
                take(out.scenario_id, field.value());
            else if (state::iequals(name, "last-event-id"))
                take(out.last_event_id, field.value());
        } break;
        default:
            break;
        }
    }
    return out;
}

} // namespace gcm::http
