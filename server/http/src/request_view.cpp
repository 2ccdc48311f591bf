// The Beast-to-application request conversion (see gcm/http/request_view.hpp).
#include "gcm/http/request_view.hpp"

#include "gcm/app/application.hpp"
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

namespace gcm::http {

RequestParser::RequestParser(std::string& storage) : storage_(storage) {
    storage_.clear();
}

void RequestParser::keep(Part& part, boost::beast::string_view value) {
    if (part.set) // the first of repeated fields wins, as with find()
        return;
    part = {storage_.size(), value.size(), true};
    storage_.append(value.data(), value.size());
}

std::string_view RequestParser::text(const Part& part) const {
    if (!part.set)
        return {};
    return {storage_.data() + part.at, part.size};
}

std::optional<std::string_view> RequestParser::transfer_encoding() const {
    if (!transfer_encoding_.set)
        return std::nullopt;
    return text(transfer_encoding_);
}

app::Request RequestParser::view() const {
    app::Request out;
    out.method = method_of(method_);
    out.target = text(target_);
    out.body = body_.set ? text(body_) : std::string_view(storage_.data() + storage_.size(), 0);
    out.host = text(host_);
    out.authorization = text(authorization_);
    out.content_type = text(content_type_);
    out.client_request_id = text(client_request_id_);
    out.scenario_id = text(scenario_id_);
    out.last_event_id = text(last_event_id_);
    return out;
}

void RequestParser::set_body_limits(std::uint64_t limit, std::uint64_t fixture_limit) {
    body_limit(limit);
    limit_in_force_ = limit;
    fixture_limit_ = fixture_limit;
}

void RequestParser::on_request_impl(bhttp::verb method, boost::beast::string_view,
                                    boost::beast::string_view target, int version,
                                    boost::beast::error_code&) {
    method_ = method;
    version_ = version;
    keep(target_, target);
    // The request line comes before any header, so before Beast compares Content-Length with
    // the limit (when the header ends) and before any body byte: the limit may still change.
    // Larger or smaller, a fixture load gets the fixture limit (loads_fixture is cheap for
    // anything but a PUT).
    if (fixture_limit_ != limit_in_force_ &&
        app::loads_fixture(method_of(method), {target.data(), target.size()})) {
        body_limit(fixture_limit_);
        limit_in_force_ = fixture_limit_;
    }
}

void RequestParser::on_response_impl(int, boost::beast::string_view, int,
                                     boost::beast::error_code& ec) {
    ec = bhttp::error::bad_method; // a request parser never sees a status line
}

void RequestParser::on_field_impl(bhttp::field name, boost::beast::string_view name_string,
                                  boost::beast::string_view value, boost::beast::error_code&) {
    if (in_body_)
        return; // a chunked body's trailer: not the request's headers
    switch (name) {
    case bhttp::field::host:
        ++host_count_;
        return keep(host_, value);
    case bhttp::field::authorization:
        return keep(authorization_, value);
    case bhttp::field::content_type:
        return keep(content_type_, value);
    case bhttp::field::expect:
        if (gcm::state::iequals(std::string_view{value.data(), value.size()}, "100-continue"))
            expects_continue_ = true;
        return;
    case bhttp::field::transfer_encoding:
        return keep(transfer_encoding_, value);
    case bhttp::field::unknown: {
        const std::string_view n{name_string.data(), name_string.size()};
        if (gcm::state::iequals(n, "client-request-id"))
            keep(client_request_id_, value);
        else if (gcm::state::iequals(n, "scenario-id"))
            keep(scenario_id_, value);
        else if (gcm::state::iequals(n, "last-event-id"))
            keep(last_event_id_, value);
        return;
    }
    default:
        return;
    }
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      boost::beast::error_code&) {
    in_body_ = true;
    body_ = {storage_.size(), 0, true};
    if (content_length)
        storage_.reserve(storage_.size() + static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(boost::beast::string_view body, boost::beast::error_code&) {
    storage_.append(body.data(), body.size()); // the body is the storage's last part
    body_.size += body.size();
    return body.size();
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                              boost::beast::error_code& ec) {
    return on_body_impl(body, ec);
}

} // namespace gcm::http
