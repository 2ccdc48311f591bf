// One HTTP/1.1 connection: read a request, let the Application answer it, write the response,
// repeat while keep-alive holds. Generic over the stream (CRTP, as Beast's "flex" example):
// PlainSession (plain_session.hpp) runs it over TCP, TlsSession (tls_session.hpp) over TLS.
#pragma once

#include "gcm/http/request_view.hpp"
#include "gcm/state/ascii.hpp"
#include "hub.hpp"
#include "net.hpp"
#include "response_text.hpp"

#include <boost/assert.hpp>
#include <memory>
#include <optional>
#include <vector>

namespace gcm::http {

// Where a connection is, one of these at a time; every change goes through enter(), and
// allowed() lists them:
//   opening      -> reading_head (first request), writing (a connection refused at once)
//   reading_head -> reading_body (its head is read and checked), answering
//   reading_body -> continuing (Expect: 100-continue), answering
//   continuing   -> reading_body
//   answering    -> writing, waiting (answered later), streaming_piece (the stream's head)
//   waiting      -> answering (the Later's answer, or a 503 as the server stops)
//   writing      -> reading_head (keep-alive)
//   streaming    -> streaming_piece, streaming_last; streaming_piece -> streaming
//   any          -> closed (the client gone, an error, a timeout, Connection: close, a fault,
//                   the end of a stream)
// A read may be outstanding in any phase but opening (Reader says which kind): while a request
// is read it feeds the parser; while an answer is pending or a body streams it only watches for
// the client leaving. Phase and Reader are the connection's whole protocol state; the rest are
// facts of the request being answered (Exchange) and buffers.
enum class Phase : unsigned char {
    opening,         // before the first request (the TLS handshake, if any)
    reading_head,    // reading a request's head; idle until its first byte
    reading_body,    // its head was read and checked (100-continue, refusals): reading its body
    continuing,      // writing a 100 Continue: no answer may start, the parse resumes after it
    answering,       // the request has been read (or refused): the application answers it now
    waiting,         // the application answers later (later_)
    writing,         // writing an answer (or a stream's head, for a HEAD)
    streaming,       // a streamed body (stream_), between pieces
    streaming_piece, // writing a piece of it
    streaming_last,  // writing its last piece: the connection closes after it
    closed,          // closing or closed: nothing more is read or written
};

enum class Reader : unsigned char {
    none,     // no read outstanding
    request,  // reading a request, into buffer_
    watching, // watching for the client leaving, into aside_ (see start_watch_read)
    gone,     // a watching read ended: the client has gone, nothing more is read
};

constexpr bool allowed(Phase from, Phase to) {
    using enum Phase;
    switch (to) {
    case reading_head:
        return from == opening || from == writing;
    case reading_body:
        return from == reading_head || from == continuing;
    case continuing:
        return from == reading_body;
    case answering:
        return from == reading_head || from == reading_body || from == waiting;
    case waiting:
        return from == answering;
    case writing:
        return from == answering || from == opening;
    case streaming:
        return from == answering || from == streaming_piece;
    case streaming_piece:
    case streaming_last:
        return from == answering || from == streaming;
    case closed:
        return true;
    case opening:
        return false;
    }
    return false;
}

template <class Derived> class HttpSession {
public:
    // `buffer` holds what was read before the session began (the bytes that told TLS from plain).
    HttpSession(Hub& hub, beast::flat_buffer buffer) : buffer_(std::move(buffer)), hub_(hub) {}
    // A stream still open here was not ended by any path below; its journal subscription must
    // not outlive the connection.
    ~HttpSession() {
        if (stream_)
            stream_->cancel();
    }

protected:
    Derived& derived() { return static_cast<Derived&>(*this); }

    void do_read() {
        if (hub_.stopping() || reader_ == Reader::gone || phase_ == Phase::closed)
            return close();
        enter(Phase::reading_head);
        parser_.emplace(request_storage_);
        exchange_ = {};
        parser_->set_body_limits(hub_.options.body_limit, hub_.options.fixture_body_limit);
        parser_->header_limit(static_cast<std::uint32_t>(hub_.options.header_limit));
        derived().expire_after(hub_.options.read_timeout);
        parse_buffered();
    }

    // From shutdown(): runs on the session's executor. An answer the application still owes is
    // cancelled, and the client told why (or, forced, simply closed); one already on its way is
    // written, with Connection: close.
    void close_if_idle(bool force) {
        switch (phase_) {
        case Phase::streaming:
        case Phase::streaming_piece:
        case Phase::streaming_last:
            // An event stream ends with its last chunk (taken once cancelled), then the
            // connection closes; forced, at once.
            stream_->cancel();
            if (force) {
                stream_.reset();
                return close();
            }
            return pump_stream();
        case Phase::waiting:
            if (!later_->cancel())
                return; // its answer is on its way: it is written, with Connection: close
            later_.reset();
            if (force)
                return close();
            enter(Phase::answering);
            return write(hub_.app.refuse(503, "ServiceUnavailable", "The server is shutting down."),
                         false);
        case Phase::reading_head:
            if (!parser_->got_some())
                return close(); // idle between requests
            [[fallthrough]];
        default:
            if (force)
                close();
        }
    }

    beast::flat_buffer buffer_;

private:
    // Closes the connection; with a read outstanding (one that watched a pending answer), once
    // that read has ended, so the stream never has a read and a TLS shutdown in flight at once.
    void close() {
        enter(Phase::closed);
        if (!read_outstanding())
            return derived().do_close();
        beast::error_code ignored;
        derived().lowest_socket().cancel(ignored);
    }

    // The one place the phase changes; a debug build checks each change against allowed().
    void enter(Phase next) {
        BOOST_ASSERT_MSG(allowed(phase_, next), "an HttpSession phase change not in allowed()");
        phase_ = next;
    }

    bool read_outstanding() const {
        return reader_ == Reader::request || reader_ == Reader::watching;
    }

    // The read loop of bhttp::async_read, without its composed operations (a measurable share of
    // a small request's cost): give the parser what the buffer holds (a pipelined request may be
    // there already), and read from the socket only while it needs more.
    void parse_buffered() {
        while (buffer_.size() > 0) {
            beast::error_code ec;
            buffer_.consume(parser_->put(buffer_.data(), ec));
            if (ec == bhttp::error::need_more)
                break;
            if (!ec && phase_ == Phase::reading_head && parser_->is_header_done()) {
                enter(Phase::reading_body);
                if (on_head())
                    return;
            }
            if (ec || parser_->is_done())
                return on_read(ec);
        }
        if (parser_->is_header_done() && held_framing_overflows())
            return;
        if (read_outstanding())
            return; // a read started while the last answer was pending: it continues the parse
        const auto size = beast::read_size(buffer_, 65536);
        if (size == 0)
            return on_read(bhttp::error::buffer_overflow);
        start_read(size);
    }

    // The head has been read, the body not yet. A request that asks to hear before it sends its
    // body (Expect: 100-continue, RFC 9110 §10.1.1) hears now: its refusal, if its head alone
    // earns one (a body over the limit was refused by the parser already), else 100 Continue.
    // True when that took over the connection.
    bool on_head() {
        if (!parser_->expects_continue() || parser_->version() < 11 || parser_->is_done() ||
            buffer_.size() > 0) // the body is coming anyway
            return false;
        if (auto refusal = refusal_for_head()) {
            answer_refusal(*refusal);
            return true;
        }
        static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
        enter(Phase::continuing);
        net::async_write(derived().stream(),
                         net::buffer(continue_line.data(), continue_line.size()),
                         beast::bind_front_handler(&HttpSession::on_continue_written,
                                                   derived().shared_from_this()));
        return true;
    }

    void on_continue_written(beast::error_code ec, std::size_t) {
        if (ec || phase_ == Phase::closed)
            return close();
        enter(Phase::reading_body);
        parse_buffered();
    }

    // Beast bounds a request's head (header_limit) and hands over body bytes as they come, but
    // holds a chunk-size line and the trailer section in the buffer until they end, with no
    // bound of its own: one connection could grow the buffer until the read timeout. What it
    // holds is bounded here; true when the request was refused for it.
    bool held_framing_overflows() {
        if (!parser_->chunked() || parser_->is_done())
            return false;
        std::string_view held{static_cast<const char*>(buffer_.data().data()), buffer_.size()};
        auto line = held;
        if (line.starts_with("\r\n")) // the end of the previous chunk's data
            line.remove_prefix(2);
        if (line.find("\r\n") == std::string_view::npos) {
            if (line.size() <= chunk_line_limit)
                return false;
            answer_refusal({400, "BadRequest",
                            "A chunk-size line (with its extensions) exceeds " +
                                std::to_string(chunk_line_limit) + " bytes."});
            return true;
        }
        // A whole size line still held is the last chunk's: the trailer fields follow, which
        // are header fields (RFC 9110 §6.5) and so have the header limit.
        if (held.size() <= hub_.options.header_limit)
            return false;
        answer_refusal({431, "RequestHeaderFieldsTooLarge",
                        "The request's trailer fields exceed " +
                            std::to_string(hub_.options.header_limit) + " bytes."});
        return true;
    }

    void start_read(std::size_t size) {
        reader_ = Reader::request;
        derived().stream().async_read_some(
            buffer_.prepare(size),
            beast::bind_front_handler(&HttpSession::on_read_some, derived().shared_from_this()));
    }

    // A read that only watches for the client leaving while an answer is pending or a body
    // streams. It reads into a buffer of its own: the parse of a pipelined request may empty
    // buffer_ while this read is outstanding, and flat_buffer::consume then moves the place the
    // read would write to (its bytes would land over the request just parsed, and be parsed
    // twice).
    void start_watch_read() {
        constexpr std::size_t aside_size = 16 * 1024;
        reader_ = Reader::watching;
        aside_.resize(aside_size);
        derived().stream().async_read_some(
            net::buffer(aside_),
            beast::bind_front_handler(&HttpSession::on_read_some, derived().shared_from_this()));
    }

    void on_read_some(beast::error_code ec, std::size_t bytes) {
        const auto read = std::exchange(reader_, Reader::none);
        if (read == Reader::watching) {
            // After whatever buffer_ holds now: the next requests, in the order they came.
            net::buffer_copy(buffer_.prepare(bytes), net::buffer(aside_.data(), bytes));
            buffer_.commit(bytes);
        } else {
            buffer_.commit(bytes);
        }
        switch (phase_) {
        case Phase::closed:
            return derived().do_close(); // close() waited for this read to end
        case Phase::continuing:
            return; // its end resumes the parse: no answer may start while it is written
        case Phase::reading_head:
        case Phase::reading_body:
            break;
        default:
            return on_read_while_answering(ec);
        }
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
        enter(Phase::answering);
        if (ec == bhttp::error::end_of_stream)
            return close();
        if (ec == bhttp::error::body_limit)
            return refuse(413, "RequestEntityTooLarge",
                          "The request body exceeds " +
                              std::to_string(parser_->body_limit_in_force()) + " bytes.");
        if (ec == bhttp::error::header_limit)
            return refuse(431, "RequestHeaderFieldsTooLarge",
                          "The request headers exceed " +
                              std::to_string(hub_.options.header_limit) + " bytes.");
        if (is_malformed(ec))
            return refuse(400, "BadRequest",
                          "The request is not valid HTTP/1.1: " + ec.message() + ".");
        if (ec)
            return close(); // timeout, reset, or the server closing it
        if (auto refusal = refusal_for_head())
            return refuse(refusal->status, std::move(refusal->code), std::move(refusal->message));
        exchange_.head = parser_->method() == bhttp::verb::head;
        exchange_.http11 = parser_->version() >= 11;
        auto request = parser_->view();
        request.secure = Derived::secure;
        write(hub_.app.handle(request), parser_->keep_alive() && !hub_.stopping());
    }

    struct Refusal {
        unsigned status;
        std::string code;
        std::string message;
    };

    // What the request's head alone earns, if it cannot be answered.
    std::optional<Refusal> refusal_for_head() const {
        // Which host a request names must be beyond doubt (RFC 9112 §3.2).
        if (parser_->host_count() > 1)
            return Refusal{400, "BadRequest", "The request has more than one Host header."};
        if (parser_->host_count() == 0 && parser_->version() >= 11)
            return Refusal{400, "BadRequest", "An HTTP/1.1 request needs a Host header."};
        // A request whose transfer coding does not end in chunked has no length a server can
        // know (RFC 9112 §6.3): what follows it cannot be told apart from the next request. A
        // coding before chunked (gzip, ...) is one this server does not implement (§6.1).
        if (const auto coding = parser_->transfer_encoding()) {
            if (!parser_->chunked())
                return Refusal{400, "BadRequest",
                               "The request's Transfer-Encoding must end with chunked."};
            if (!state::iequals(trimmed(*coding), "chunked"))
                return Refusal{501, "NotImplemented",
                               "Only the chunked transfer coding is implemented."};
        }
        return std::nullopt;
    }

    void answer_refusal(Refusal refusal) {
        enter(Phase::answering);
        refuse(refusal.status, std::move(refusal.code), std::move(refusal.message));
    }

public:
    // Answers once with a Graph error and closes: for a connection over --max-connections.
    void refuse(unsigned status, std::string code, std::string message) {
        write(hub_.app.refuse(status, std::move(code), std::move(message)), false);
    }

private:
    static std::string_view trimmed(std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
            v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
            v.remove_suffix(1);
        return v;
    }

    // Every error of Beast's parser but the end of the stream (the client is gone) is a request
    // no parser could read: it gets a 400, then the connection closes (RFC 9112 §2.2).
    static bool is_malformed(beast::error_code ec) {
        static const auto& parser_errors =
            bhttp::make_error_code(bhttp::error::bad_target).category();
        return ec && ec.category() == parser_errors && ec != bhttp::error::end_of_stream &&
               ec != bhttp::error::partial_message;
    }

    // From the answering phase (or opening, for a refused connection): to the next one, by what
    // the response is.
    void write(app::Response response, bool keep_alive) {
        if (const auto* now = std::get_if<app::Answer>(&response.mode))
            return write_answer(std::move(response), now->disruption, keep_alive);
        if (auto* deferred = std::get_if<app::Deferred>(&response.mode))
            return await(std::move(deferred->later), keep_alive);
        start_stream(std::move(response), keep_alive);
    }

    void write_answer(app::Response response, app::Disruption disruption, bool keep_alive) {
        if (disruption == app::Disruption::reset ||
            disruption == app::Disruption::close_before_response) {
            // The action happened; only its answer is lost.
            hub_.app.deliver(std::move(response.aftermath));
            if (disruption == app::Disruption::reset) {
                enter(Phase::closed);
                return derived().abort_transport();
            }
            return close();
        }
        enter(Phase::writing);
        write_response_text(response, {keep_alive, exchange_.head, !exchange_.http11}, out_);
        if (disruption == app::Disruption::truncate_body) {
            // The head and half the body (half the head when there is no body), then the end.
            const auto body = exchange_.head ? 0 : response.body.size();
            const auto head = out_.size() - body;
            out_.resize(body > 0 ? head + body / 2 : head / 2);
            keep_alive = false;
        }
        pending_ = std::move(response.aftermath);
        net::async_write(derived().stream(), net::buffer(out_),
                         beast::bind_front_handler(&HttpSession::on_write,
                                                   derived().shared_from_this(), keep_alive));
    }

    // The application answers later. Meanwhile the connection is read from only to notice the
    // client leaving (what a pipelining client sends waits in the buffer, up to a bound), and the
    // watchdog leaves it alone: every wait the application makes is bounded, and a stopping
    // server cancels them.
    void await(std::shared_ptr<app::Later> later, bool keep_alive) {
        enter(Phase::waiting);
        later_ = later;
        exchange_.keep_alive = keep_alive;
        derived().expire_after(std::chrono::hours(1));
        later->attach([self = derived().shared_from_this()](app::Response response) {
            auto executor = self->stream().get_executor();
            net::post(executor, [self, response = std::move(response)]() mutable {
                self->on_later(std::move(response));
            });
        });
        watch_peer();
    }

    void on_later(app::Response response) {
        if (phase_ != Phase::waiting) // closed meanwhile: what the request did still goes out
            return hub_.app.deliver(std::move(response.aftermath));
        later_.reset();
        enter(Phase::answering);
        write(std::move(response),
              exchange_.keep_alive && reader_ != Reader::gone && !hub_.stopping());
    }

    // A body written as the application makes it (Server-Sent Events): the head now, then each
    // piece the stream has ready, one write at a time: what the client has not read yet waits in
    // the application's queue, which bounds it. Chunked for HTTP/1.1; for HTTP/1.0 the body
    // ends with the connection. Meanwhile the connection is read from only to notice the client
    // leaving, as while awaiting a Later.
    // Chunked for HTTP/1.1: exchange_.http11 says how each piece is framed.
    void start_stream(app::Response response, bool keep_alive) {
        auto stream = std::move(std::get<app::Streamed>(response.mode).stream);
        keep_alive = keep_alive && exchange_.http11;
        write_stream_head(response, {keep_alive, exchange_.head}, exchange_.http11, out_);
        pending_ = std::move(response.aftermath);
        if (exchange_.head) {
            // The head a GET would have: nothing is streamed.
            stream->cancel();
            enter(Phase::writing);
            net::async_write(derived().stream(), net::buffer(out_),
                             beast::bind_front_handler(&HttpSession::on_write,
                                                       derived().shared_from_this(), keep_alive));
            return;
        }
        stream_ = std::move(stream);
        // Held weakly: the stream must not keep a closed connection alive.
        stream_->attach([weak = derived().weak_from_this()] {
            if (auto self = weak.lock()) {
                auto executor = self->stream().get_executor();
                net::post(executor, [self] { self->pump_stream(); });
            }
        });
        write_stream_piece(Phase::streaming_piece);
        watch_peer();
    }

    // Takes what the stream has ready and writes it, unless a write is under way (its end
    // takes again).
    void pump_stream() {
        if (phase_ != Phase::streaming)
            return;
        auto piece = stream_->take();
        if (piece.text.empty() && !piece.last)
            return;
        out_.clear();
        if (exchange_.http11) {
            append_chunk(out_, piece.text);
            if (piece.last)
                append_last_chunk(out_);
        } else {
            out_.append(piece.text);
        }
        const auto next = piece.last ? Phase::streaming_last : Phase::streaming_piece;
        if (out_.empty()) { // the end of a body that ends with the connection
            enter(next);
            return on_stream_write({}, 0);
        }
        write_stream_piece(next);
    }

    void write_stream_piece(Phase next) {
        enter(next);
        // A client that stops reading altogether is closed after the read timeout; one that
        // reads slowly overflows its queue first.
        derived().expire_after(hub_.options.read_timeout);
        net::async_write(
            derived().stream(), net::buffer(out_),
            beast::bind_front_handler(&HttpSession::on_stream_write, derived().shared_from_this()));
    }

    void on_stream_write(beast::error_code ec, std::size_t) {
        if (!pending_.empty())
            hub_.app.deliver(std::exchange(pending_, {}));
        if (phase_ == Phase::closed)
            return; // the client went away meanwhile: closed already
        if (ec) {
            stream_->cancel();
            stream_.reset();
            return close();
        }
        if (phase_ == Phase::streaming_last) {
            // A stream ends only when something ends it (an overflow, the namespace deleted, the
            // server stopping): the connection goes with it.
            stream_.reset();
            return close();
        }
        enter(Phase::streaming);
        // Quiet between events: the stream's keep-alive comments are the traffic.
        derived().expire_after(std::chrono::hours(24));
        pump_stream();
    }

    void watch_peer() {
        constexpr std::size_t pipelined_limit = 64 * 1024;
        if (reader_ == Reader::none && buffer_.size() < pipelined_limit)
            start_watch_read();
    }

    // A read completed while a request is being answered: pipelined bytes stay in the buffer
    // for the next parse; an error or the end of the stream means the client has gone.
    void on_read_while_answering(beast::error_code ec) {
        const bool streaming = phase_ == Phase::streaming || phase_ == Phase::streaming_piece ||
                               phase_ == Phase::streaming_last;
        if (ec) {
            reader_ = Reader::gone;
            if (streaming) {
                stream_->cancel();
                stream_.reset();
                return close();
            }
            if (phase_ == Phase::waiting && later_->cancel()) {
                later_.reset();
                close();
            }
            return;
        }
        if (streaming || phase_ == Phase::waiting)
            watch_peer();
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
        // The action happened whether or not the client read its answer.
        hub_.app.deliver(std::exchange(pending_, {}));
        if (ec)
            return close();
        if (!keep_alive)
            return close();
        do_read();
    }

    Hub& hub_;
    std::optional<RequestParser> parser_;
    std::string request_storage_; // the request's parts; keeps its capacity between requests
    std::string out_;             // the response being written; keeps its capacity between requests
    app::Aftermath pending_;      // of the response being written
    std::shared_ptr<app::Later> later_;       // the answer the application still owes, if any
    std::shared_ptr<app::BodyStream> stream_; // the body being streamed, if any
    Phase phase_ = Phase::opening;
    Reader reader_ = Reader::none;
    // Facts of the request being answered, not states of the connection.
    struct Exchange {
        bool head = false;      // it is a HEAD: its answer has no body
        bool http11 = true;     // it came as HTTP/1.1 (or later): a streamed body is chunked
        bool keep_alive = true; // while waiting: the connection may carry on after the answer
    } exchange_;
    // A chunk-size line with its extensions: far more than any client sends.
    static constexpr std::size_t chunk_line_limit = 4096;
    std::vector<char> aside_; // what a watching read reads
};
} // namespace gcm::http
