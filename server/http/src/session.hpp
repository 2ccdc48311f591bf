// One HTTP/1.1 connection: read a request, let the Application answer it, write the response,
// repeat while keep-alive holds. Generic over the stream (CRTP, as Beast's "flex" example), so
// a TLS session can reuse it; PlainSession is the TCP one.
#pragma once

#include "hub.hpp"
#include "net.hpp"
#include "response_text.hpp"

#include <memory>
#include <optional>

namespace gcm::http {

template <class Derived> class HttpSession {
public:
    explicit HttpSession(Hub& hub) : hub_(hub) {}

protected:
    Derived& derived() { return static_cast<Derived&>(*this); }

    void do_read() {
        if (hub_.stopping())
            return derived().do_close();
        parser_.emplace();
        parser_->body_limit(hub_.options.body_limit);
        parser_->header_limit(static_cast<std::uint32_t>(hub_.options.header_limit));
        idle_ = true;
        derived().expire_after(hub_.options.read_timeout);
        parse_buffered();
    }

    // From shutdown(): runs on the session's strand.
    void close_if_idle(bool force) {
        if (force || (idle_ && !(parser_ && parser_->got_some())))
            derived().do_close();
    }

    beast::flat_buffer buffer_;

private:
    // The read loop of bhttp::async_read, without its composed operations (a measurable share of
    // a small request's cost): give the parser what the buffer holds (a pipelined request may be
    // there already), and read from the socket only while it needs more.
    void parse_buffered() {
        while (buffer_.size() > 0) {
            beast::error_code ec;
            buffer_.consume(parser_->put(buffer_.data(), ec));
            if (ec == bhttp::error::need_more)
                break;
            if (ec || parser_->is_done())
                return on_read(ec);
        }
        const auto size = beast::read_size(buffer_, 65536);
        if (size == 0)
            return on_read(bhttp::error::buffer_overflow);
        derived().stream().async_read_some(
            buffer_.prepare(size),
            beast::bind_front_handler(&HttpSession::on_read_some, derived().shared_from_this()));
    }

    void on_read_some(beast::error_code ec, std::size_t bytes) {
        buffer_.commit(bytes);
        if (ec == net::error::eof) {
            if (!parser_->got_some())
                return on_read(bhttp::error::end_of_stream);
            // The peer ended a message that has no length: the end of the stream completes it.
            ec = {};
            parser_->put_eof(ec);
            return on_read(ec);
        }
        if (ec)
            return on_read(ec);
        parse_buffered();
    }

    void on_read(beast::error_code ec) {
        idle_ = false;
        if (ec == bhttp::error::end_of_stream)
            return derived().do_close();
        if (ec == bhttp::error::body_limit)
            return refuse(413, "RequestEntityTooLarge",
                          "The request body exceeds " + std::to_string(hub_.options.body_limit) +
                              " bytes.");
        if (ec == bhttp::error::header_limit)
            return refuse(431, "RequestHeaderFieldsTooLarge",
                          "The request headers exceed " +
                              std::to_string(hub_.options.header_limit) + " bytes.");
        if (ec == bhttp::error::bad_target || ec == bhttp::error::bad_method ||
            ec == bhttp::error::bad_version || ec == bhttp::error::bad_field ||
            ec == bhttp::error::bad_value || ec == bhttp::error::bad_chunk ||
            ec == bhttp::error::bad_content_length || ec == bhttp::error::bad_line_ending)
            return refuse(400, "BadRequest", "The request is not valid HTTP/1.1.");
        if (ec)
            return derived().do_close(); // timeout, reset, or the server closing it

        const auto& req = parser_->get();
        app::Request request;
        request.method = method_of(req.method());
        request.target = {req.target().data(), req.target().size()};
        request.body = req.body();
        take_headers(req, request);
        write(hub_.app.handle(request), req.keep_alive() && !hub_.stopping());
    }

public:
    // Answers once with a Graph error and closes: for a connection over --max-connections.
    void refuse(unsigned status, std::string code, std::string message) {
        write(hub_.app.refuse(status, std::move(code), std::move(message)), false);
    }

private:
    void write(app::Response response, bool keep_alive) {
        write_response_text(response, keep_alive, out_);
        pending_ = std::move(response.notifications);
        net::async_write(derived().stream(), net::buffer(out_),
                         beast::bind_front_handler(&HttpSession::on_write,
                                                   derived().shared_from_this(), keep_alive));
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
        // The action happened whether or not the client read its answer.
        if (!pending_.empty())
            hub_.app.deliver(std::move(pending_));
        pending_.clear();
        if (ec)
            return derived().do_close();
        if (!keep_alive)
            return derived().do_close();
        do_read();
    }

    // One pass over the few fields a request has, rather than a lookup per field the
    // application reads; the first of repeated fields wins, as with find().
    static void take_headers(const bhttp::request<bhttp::string_body>& req, app::Request& out) {
        auto take = [](std::string_view& to, beast::string_view value) {
            if (to.data() == nullptr)
                to = {value.data(), value.size()};
        };
        for (const auto& field : req) {
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
            case bhttp::field::unknown:
                if (beast::iequals(field.name_string(), "client-request-id"))
                    take(out.client_request_id, field.value());
                break;
            default:
                break;
            }
        }
    }

    static app::Method method_of(bhttp::verb verb) {
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

    Hub& hub_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::string out_; // the response being written; keeps its capacity between requests
    std::vector<app::Notification> pending_;
    bool idle_ = false;
};

class PlainSession : public HttpSession<PlainSession>,
                     public Connection,
                     public std::enable_shared_from_this<PlainSession> {
public:
    PlainSession(tcp::socket&& socket, Hub& hub);
    ~PlainSession() override;

    void run();
    // Refuses the connection with 503 (the server is at --max-connections) and closes it.
    void run_refusing();
    void shutdown(bool force) override;

    tcp::socket& stream() { return socket_; }
    void do_close();
    // The connection is closed unless the request now being read has been read and answered
    // within `limit` (the read timeout; also what cuts slow and idle clients).
    void expire_after(std::chrono::steady_clock::duration limit);

private:
    // One timer per connection, re-armed only when it fires before a later deadline, instead
    // of a timer armed and cancelled around every read and write (as beast::tcp_stream does).
    void watch();
    void on_watch(beast::error_code ec);

    Hub& hub_;
    tcp::socket socket_;
    net::steady_timer watchdog_;
    std::chrono::steady_clock::time_point deadline_;
    bool watching_ = false;
};

} // namespace gcm::http
