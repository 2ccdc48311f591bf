// One HTTP/1.1 connection: read a request, let the Application answer it, write the response,
// repeat while keep-alive holds. Generic over the stream (CRTP, as Beast's "flex" example), so
// a TLS session can reuse it; PlainSession is the TCP one.
#pragma once

#include "gcm/http/request_view.hpp"
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
        head_ = false;
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
        if (is_malformed(ec))
            return refuse(400, "BadRequest",
                          "The request is not valid HTTP/1.1: " + ec.message() + ".");
        if (ec)
            return derived().do_close(); // timeout, reset, or the server closing it

        const auto& req = parser_->get();
        // A request whose transfer coding does not end in chunked has no length a server can
        // know (RFC 9112 §6.3): what follows it cannot be told apart from the next request.
        if (req.count(bhttp::field::transfer_encoding) != 0 && !parser_->chunked())
            return refuse(400, "BadRequest",
                          "The request's Transfer-Encoding must end with chunked.");
        head_ = req.method() == bhttp::verb::head;
        write(hub_.app.handle(request_view(req)), req.keep_alive() && !hub_.stopping());
    }

public:
    // Answers once with a Graph error and closes: for a connection over --max-connections.
    void refuse(unsigned status, std::string code, std::string message) {
        write(hub_.app.refuse(status, std::move(code), std::move(message)), false);
    }

private:
    // Every error of Beast's parser but the end of the stream (the client is gone) is a request
    // no parser could read: it gets a 400, then the connection closes (RFC 9112 §2.2).
    static bool is_malformed(beast::error_code ec) {
        static const auto& parser_errors =
            bhttp::make_error_code(bhttp::error::bad_target).category();
        return ec && ec.category() == parser_errors && ec != bhttp::error::end_of_stream &&
               ec != bhttp::error::partial_message;
    }

    void write(app::Response response, bool keep_alive) {
        write_response_text(response, {keep_alive, head_}, out_);
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

    Hub& hub_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::string out_; // the response being written; keeps its capacity between requests
    std::vector<app::Notification> pending_;
    bool idle_ = false;
    bool head_ = false; // the request being answered is a HEAD: its answer has no body
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
