// A parsed request seen as the application's app::Request: views into the message (or the
// parser's storage), which must outlive it. The parser and conversion the session and the HTTP
// fuzzer share. Includes Beast's parser and message types: keep it out of widely included
// headers.
#pragma once

#include "gcm/app/http_types.hpp"

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace gcm::http {

app::Method method_of(boost::beast::http::verb verb) noexcept;

app::Request
request_view(const boost::beast::http::request<boost::beast::http::string_body>& message);

// The session's request parser: Beast's parser (the same checks, limits and framing), keeping
// only what the application reads — method, target, body and seven headers — copied into a string
// the session owns and reuses, rather than a message with an allocation per field.
class RequestParser final : public boost::beast::http::basic_parser<true> {
public:
    // `storage` is cleared; it holds the request's parts until the next request.
    explicit RequestParser(std::string& storage);

    boost::beast::http::verb method() const noexcept { return method_; }
    // 11 for HTTP/1.1, 10 for HTTP/1.0.
    int version() const noexcept { return version_; }
    // The first Transfer-Encoding field, if any.
    std::optional<std::string_view> transfer_encoding() const;
    // How many Host fields the request's head has (RFC 9112 §3.2 wants exactly one in HTTP/1.1).
    unsigned host_count() const noexcept { return host_count_; }
    // The head asks for "Expect: 100-continue" (RFC 9110 §10.1.1).
    bool expects_continue() const noexcept { return expects_continue_; }
    // The request, once parsed: views into the storage.
    app::Request view() const;
    // The body limit, and a larger one for a request that loads a fixture (app::loads_fixture),
    // chosen when the request line is read, before any body. Without this, Beast's default.
    void set_body_limits(std::uint64_t limit, std::uint64_t fixture_limit);
    // The limit this request's body is held to (for the 413's message).
    std::uint64_t body_limit_in_force() const noexcept { return limit_in_force_; }

private:
    struct Part {
        std::size_t at = 0;
        std::size_t size = 0;
        bool set = false;
    };
    void keep(Part& part, boost::beast::string_view value);
    std::string_view text(const Part& part) const;

    void on_request_impl(boost::beast::http::verb method, boost::beast::string_view method_str,
                         boost::beast::string_view target, int version,
                         boost::beast::error_code& ec) override;
    void on_response_impl(int, boost::beast::string_view, int,
                          boost::beast::error_code& ec) override;
    void on_field_impl(boost::beast::http::field name, boost::beast::string_view name_string,
                       boost::beast::string_view value, boost::beast::error_code& ec) override;
    void on_header_impl(boost::beast::error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                           boost::beast::error_code& ec) override;
    std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                              boost::beast::error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                   boost::beast::error_code& ec) override;
    void on_finish_impl(boost::beast::error_code&) override {}

    std::string& storage_;
    boost::beast::http::verb method_ = boost::beast::http::verb::unknown;
    int version_ = 11;
    Part target_, body_, host_, authorization_, content_type_, client_request_id_, scenario_id_,
        last_event_id_, transfer_encoding_;
    unsigned host_count_ = 0;
    bool expects_continue_ = false;
    bool in_body_ = false;
    std::uint64_t limit_in_force_ = 0;
    std::uint64_t fixture_limit_ = 0; // 0: no larger limit for fixtures
};

} // namespace gcm::http
