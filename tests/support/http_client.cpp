// The test HTTP client (see http_client.hpp), on synchronous Beast.
#include "http_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <stdexcept>
#include <sys/socket.h>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace gcm::test {

boost::json::value HttpResponse::json() const {
    return boost::json::parse(body);
}

std::string HttpResponse::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
}

bool HttpResponse::has_header(const std::string& name) const {
    return headers.contains(name);
}

namespace {

// Runs one asynchronous operation to completion. Beast's stream timeouts apply only to
// asynchronous operations, so every wait here is bounded by the stream's expiry.
template <class Start> beast::error_code run_one(net::io_context& ioc, Start&& start) {
    beast::error_code result;
    start([&](beast::error_code ec, std::size_t) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
}

} // namespace

struct HttpClient::Impl {
    unsigned short port;
    net::io_context ioc;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;

    void connect() {
        stream.emplace(ioc);
        stream->expires_after(std::chrono::seconds(10));
        auto ec = run_one(ioc, [&](auto handler) {
            stream->async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                  [handler](beast::error_code e) mutable { handler(e, 0); });
        });
        if (ec)
            throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port) + ": " +
                                     ec.message());
        buffer.clear();
    }
};

HttpClient::HttpClient(unsigned short port) : impl_(std::make_unique<Impl>()) {
    impl_->port = port;
}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;

HttpResponse HttpClient::request(std::string_view method, std::string_view target,
                                 std::string_view body, const Headers& headers) {
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(impl_->port));
    Headers all = {{"Authorization", "Bearer test-token"}};
    if (!body.empty())
        all.emplace_back("Content-Type", "application/json");
    for (const auto& [name, value] : headers) {
        std::erase_if(all, [&](const auto& h) { return beast::iequals(h.first, name); });
        all.emplace_back(name, value);
    }
    for (const auto& [name, value] : all)
        if (!value.empty())
            req.set(name, value);
    req.body() = std::string(body);
    req.prepare_payload();

    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!impl_->stream)
            impl_->connect();
        impl_->stream->expires_after(std::chrono::seconds(10));
        auto ec = run_one(impl_->ioc,
                          [&](auto handler) { bhttp::async_write(*impl_->stream, req, handler); });
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        parser.skip(req.method() == bhttp::verb::head); // its answer has headers only
        if (!ec)
            ec = run_one(impl_->ioc, [&](auto handler) {
                bhttp::async_read(*impl_->stream, impl_->buffer, parser, handler);
            });
        if (ec) {
            // The server may have closed an idle keep-alive connection: retry once on a new one.
            impl_->stream.reset();
            if (attempt == 0)
                continue;
            throw std::runtime_error("HTTP " + std::string(method) + " " + std::string(target) +
                                     " failed: " + ec.message());
        }
        auto res = parser.release();
        HttpResponse out;
        out.status = res.result_int();
        for (const auto& field : res) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
            out.headers[name] = std::string(field.value());
        }
        out.body = std::move(res.body());
        if (!res.keep_alive())
            impl_->stream.reset();
        return out;
    }
    throw std::logic_error("unreachable");
}

std::string HttpClient::raw_exchange(std::string_view bytes, std::chrono::milliseconds limit) {
    return raw_exchange(std::vector<std::string>{std::string(bytes)}, {}, limit);
}

std::string HttpClient::raw_exchange(const std::vector<std::string>& pieces,
                                     std::chrono::milliseconds gap,
                                     std::chrono::milliseconds limit) {
    beast::tcp_stream stream(impl_->ioc);
    stream.expires_after(limit);
    auto ec = run_one(impl_->ioc, [&](auto handler) {
        stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), impl_->port),
                             [handler](beast::error_code e) mutable { handler(e, 0); });
    });
    if (!ec)
        stream.socket().set_option(tcp::no_delay(true), ec);
    for (std::size_t i = 0; i < pieces.size() && !ec; ++i) {
        if (i > 0) {
            net::steady_timer pause(impl_->ioc, gap);
            run_one(impl_->ioc, [&](auto handler) {
                pause.async_wait([handler](beast::error_code e) mutable { handler(e, 0); });
            });
        }
        ec = run_one(impl_->ioc, [&](auto handler) {
            net::async_write(stream, net::buffer(pieces[i]), handler);
        });
    }
    std::string out;
    char chunk[4096];
    while (!ec) {
        std::size_t got = 0;
        ec = run_one(impl_->ioc, [&](auto handler) {
            stream.async_read_some(net::buffer(chunk),
                                   [&got, handler](beast::error_code e, std::size_t n) mutable {
                                       got = n;
                                       handler(e, n);
                                   });
        });
        out.append(chunk, got);
    }
    return out;
}

bool HttpClient::trickle_until_closed(std::string_view bytes, std::chrono::milliseconds interval,
                                      std::chrono::milliseconds limit) {
    beast::tcp_stream stream(impl_->ioc);
    stream.expires_after(limit);
    auto ec = run_one(impl_->ioc, [&](auto handler) {
        stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), impl_->port),
                             [handler](beast::error_code e) mutable { handler(e, 0); });
    });
    if (ec)
        return false;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (char c : bytes) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        ec = run_one(impl_->ioc,
                     [&](auto handler) { net::async_write(stream, net::buffer(&c, 1), handler); });
        if (ec)
            return true; // the server closed it
        // Anything the server says (it should say nothing) or its close shows up as readable.
        net::steady_timer pause(impl_->ioc, interval);
        run_one(impl_->ioc, [&](auto handler) {
            pause.async_wait([handler](beast::error_code e) mutable { handler(e, 0); });
        });
        if (stream.socket().available(ec) > 0 || ec)
            return true;
        char probe;
        stream.socket().non_blocking(true);
        const auto n = ::recv(stream.socket().native_handle(), &probe, 1, MSG_PEEK);
        stream.socket().non_blocking(false);
        if (n == 0)
            return true; // orderly close by the server
    }
    return false;
}

} // namespace gcm::test
