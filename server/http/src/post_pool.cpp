// post_once (see post_once.hpp): resolve, connect, (handshake), write, read, all async, under
// one deadline.
#include "post_once.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <memory>
#include <optional>

namespace gcm::http {
namespace {

using Clock = std::chrono::steady_clock;

struct Target {
    bool tls = false;
    std::string host;
    std::string port;
    unsigned short port_number = 0;
    std::string path;
};

std::optional<Target> parse_target(const std::string& url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed)
        return std::nullopt;
    Target t;
    const auto scheme = parsed->scheme();
    if (scheme == "https")
        t.tls = true;
    else if (scheme != "http")
        return std::nullopt;
    t.host = parsed->host();
    if (t.host.empty())
        return std::nullopt;
    if (t.host.front() == '[' && t.host.back() == ']')
        t.host = t.host.substr(1, t.host.size() - 2);
    t.port = parsed->has_port() && !parsed->port().empty() ? std::string(parsed->port())
                                                           : (t.tls ? "443" : "80");
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(t.port.data(), t.port.data() + t.port.size(), number);
    if (ec != std::errc{} || end != t.port.data() + t.port.size() || number == 0 || number > 65535)
        return std::nullopt;
    t.port_number = static_cast<unsigned short>(number);
    t.path = std::string(parsed->encoded_path());
    if (t.path.empty())
        t.path = "/";
    if (parsed->has_query())
        t.path += "?" + std::string(parsed->encoded_query());
    return t;
}

// Owns the connection state of one exchange; kept alive by its handlers.
template <class Stream> class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
public:
    Exchange(Stream stream, net::any_io_executor executor, Target target, PostRequest request,
             PostDone done)
        : stream_(std::move(stream)), resolver_(executor), target_(std::move(target)),
          request_(std::move(request)), done_(std::move(done)), started_(Clock::now()) {}

    void run() {
        lowest().expires_after(request_.timeout);
        // An IP address needs no resolver (whose single thread would serialize every delivery).
        beast::error_code literal;
        const auto address = net::ip::make_address(target_.host, literal);
        if (!literal) {
            lowest().async_connect(
                tcp::endpoint(address, target_.port_number),
                [self = this->shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
            return;
        }
        resolver_.async_resolve(
            target_.host, target_.port,
            [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                self->on_resolve(ec, std::move(r));
            });
    }

private:
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
        if (ec)
            return finish(0, "resolve: " + ec.message());
        lowest().async_connect(
            results, [self = this->shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
                self->on_connect(ec);
            });
    }

    void on_connect(beast::error_code ec) {
        if (ec)
            return finish(0, "connect: " + ec.message());
        if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
            SSL_set_tlsext_host_name(stream_.native_handle(), target_.host.c_str());
            stream_.async_handshake(net::ssl::stream_base::client,
                                    [self = this->shared_from_this()](beast::error_code ec) {
                                        if (ec)
                                            return self->finish(0, "tls: " + ec.message());
                                        self->write();
                                    });
        } else {
            write();
        }
    }

    void write() {
        req_.method(bhttp::verb::post);
        req_.target(target_.path);
        req_.version(11);
        req_.set(bhttp::field::host, target_.host + ":" + target_.port);
        for (const auto& [name, value] : request_.headers)
            req_.set(name, value);
        req_.body() = std::move(request_.body);
        req_.prepare_payload();
        bhttp::async_write(stream_, req_,
                           [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec)
                                   return self->finish(0, "write: " + ec.message());
                               self->read();
                           });
    }

    void read() {
        bhttp::async_read(stream_, buffer_, res_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec)
                                  return self->finish(0, "read: " + ec.message());
                              self->finish(self->res_.result_int(), {});
                          });
    }

    void finish(unsigned status, std::string error) {
        if (error.find("timed out") != std::string::npos ||
            error.find("timeout") != std::string::npos)
            error = "timeout after " + std::to_string(request_.timeout.count()) + " ms";
        beast::error_code ignored;
        lowest().socket().close(ignored);
        done_(status, std::move(error),
              std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_));
    }

    Stream stream_;
    tcp::resolver resolver_;
    Target target_;
    PostRequest request_;
    PostDone done_;
    Clock::time_point started_;
    bhttp::request<bhttp::string_body> req_;
    bhttp::response<bhttp::string_body> res_;
    beast::flat_buffer buffer_;
};

} // namespace

void post_once(net::any_io_executor executor, net::ssl::context& tls, PostRequest request,
               PostDone done) {
    auto target = parse_target(request.url);
    if (!target) {
        net::post(executor, [done = std::move(done)] {
            done(0, "not an http(s) URL", std::chrono::milliseconds(0));
        });
        return;
    }
    if (target->tls) {
        using Stream = beast::ssl_stream<beast::tcp_stream>;
        std::make_shared<Exchange<Stream>>(Stream(executor, tls), executor, std::move(*target),
                                           std::move(request), std::move(done))
            ->run();
    } else {
        std::make_shared<Exchange<beast::tcp_stream>>(beast::tcp_stream(executor), executor,
                                                      std::move(*target), std::move(request),
                                                      std::move(done))
            ->run();
    }
}

} // namespace gcm::http
