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

} // namespace gcm::app
