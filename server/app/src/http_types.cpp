// The constant parts of every response, and method names (see gcm/app/http_types.hpp).
#include "gcm/app/http_types.hpp"

#include "gcm/app/config.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace gcm::app {
namespace {

const std::string& diagnostic_header() {
    static const std::string value = boost::json::serialize(boost::json::object{
        {"ServerInfo", boost::json::object{{"DataCenter", "Local"},
                                           {"Slice", "E"},
                                           {"Ring", "0"},
                                           {"ScaleUnit", "000"},
                                           {"RoleInstance", "graph-comms-mock"}}}});
    return value;
}

} // namespace

std::span<const std::pair<std::string_view, std::string_view>> constant_headers() {
    static const std::pair<std::string_view, std::string_view> headers[] = {
        {"OData-Version", "4.0"},
        {"x-ms-ags-diagnostic", diagnostic_header()},
    };
    return headers;
}

std::string_view json_content_type() noexcept {
    return "application/json; odata.metadata=minimal; odata.streaming=true; "
           "IEEE754Compatible=false; charset=utf-8";
}

std::string_view to_string(AuthMode mode) noexcept {
    switch (mode) {
    case AuthMode::none:
        return "none";
    case AuthMode::bearer:
        return "bearer";
    case AuthMode::jwt:
        break;
    }
    return "jwt";
}

std::optional<AuthMode> auth_mode_from_string(std::string_view name) noexcept {
    for (auto mode : {AuthMode::none, AuthMode::bearer, AuthMode::jwt})
        if (to_string(mode) == name)
            return mode;
    return std::nullopt;
}

std::string_view to_string(Method m) noexcept {
    switch (m) {
    case Method::get:
        return "GET";
    case Method::post:
        return "POST";
    case Method::put:
        return "PUT";
    case Method::patch:
        return "PATCH";
    case Method::delete_:
        return "DELETE";
    case Method::head:
        return "HEAD";
    case Method::options:
        return "OPTIONS";
    case Method::other:
        break;
    }
    return "OTHER";
}

// The hand-over of an answer given later (gcm/app/later.hpp), defined here, beside the Response
// it carries: Response holds its Later, and a Later needs the whole Response to hold an early
// answer, so the two are one unit.
void Later::set_finisher(std::function<void(Response&)> finisher) {
    finisher_ = std::move(finisher);
}

void Later::on_cancel(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    on_cancel_ = std::move(hook);
}

bool Later::answer(Response&& response) {
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::waiting)
            return false;
        state_ = State::answered;
        on_cancel_ = nullptr;
    }
    if (finisher_)
        finisher_(response);
    Sink sink;
    {
        std::lock_guard lock(mutex_);
        if (sink_)
            sink = std::move(sink_);
        else
            early_ = std::make_unique<Response>(std::move(response));
    }
    if (sink)
        sink(std::move(response));
    return true;
}

void Later::attach(Sink sink) {
    std::unique_ptr<Response> early;
    {
        std::lock_guard lock(mutex_);
        if (state_ == State::cancelled)
            return;
        if (!early_) {
            sink_ = std::move(sink);
            return;
        }
        early = std::move(early_);
    }
    sink(std::move(*early));
}

bool Later::cancel() {
    std::function<void()> hook;
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::waiting)
            return false;
        state_ = State::cancelled;
        hook = std::move(on_cancel_);
        sink_ = nullptr; // it holds the connection
    }
    if (hook)
        hook();
    return true;
}

} // namespace gcm::app
