// The pool of kept-alive connections to bots (see post_pool.hpp).
#include "post_pool.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <deque>
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
    std::string host_header; // host:port
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
    t.host_header = t.host + ":" + t.port;
    return t;
}

// Why a request was not sent: its sender no longer wanted it.
constexpr std::string_view forgotten = "forgotten before it was sent";

std::string describe(std::string_view stage, const beast::error_code& ec) {
    return std::string(stage) + ": " + ec.message();
}

} // namespace

struct PostPool::Job {
    PostRequest request;
    Target target;
    PostDone done;
    Clock::time_point started = Clock::now();
    bool resent = false; // sent again once on a fresh connection
};

struct PostPool::Host {
    bool tls = false;
    std::vector<std::shared_ptr<Link>> idle; // most recently used last
    std::size_t open = 0;                    // idle + busy + connecting
    std::deque<std::shared_ptr<Job>> waiting;
};

struct PostPool::Link {
    virtual ~Link() = default;
    // Connects first if it has not yet; then one request and its answer, by `deadline`.
    virtual void exchange(std::shared_ptr<Job> job, Clock::time_point deadline,
                          std::function<void(PostPool::Outcome)> done) = 0;
    virtual void close() = 0;
    Clock::time_point idle_since;
};

namespace {

using Outcome = PostPool::Outcome;

template <class Stream>
class LinkImpl final : public PostPool::Link,
                       public std::enable_shared_from_this<LinkImpl<Stream>> {
public:
    template <class... Args>
    explicit LinkImpl(net::any_io_executor executor, Args&&... stream_args)
        : stream_(std::forward<Args>(stream_args)...), resolver_(executor) {}

    void exchange(std::shared_ptr<PostPool::Job> job, Clock::time_point deadline,
                  std::function<void(Outcome)> done) override {
        job_ = std::move(job);
        done_ = std::move(done);
        lowest().expires_at(deadline);
        if (connected_)
            return write(true);
        // An IP address needs no resolver (whose single thread would serialize connecting).
        const auto& t = job_->target;
        beast::error_code literal;
        const auto address = net::ip::make_address(t.host, literal);
        if (!literal) {
            lowest().async_connect(
                tcp::endpoint(address, t.port_number),
                [self = this->shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
            return;
        }
        resolver_.async_resolve(
            t.host, t.port,
            [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                if (ec)
                    return self->finish({0, describe("resolve", ec)});
                self->lowest().async_connect(r, [self](beast::error_code ec, const tcp::endpoint&) {
                    self->on_connect(ec);
                });
            });
    }

    void close() override {
        beast::error_code ignored;
        lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest().socket().close(ignored);
    }

private:
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    void on_connect(beast::error_code ec) {
        if (ec)
            return finish({0, describe("connect", ec)});
        lowest().socket().set_option(tcp::no_delay(true), ec);
        if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
            SSL_set_tlsext_host_name(stream_.native_handle(), job_->target.host.c_str());
            stream_.async_handshake(net::ssl::stream_base::client,
                                    [self = this->shared_from_this()](beast::error_code ec) {
                                        if (ec)
                                            return self->finish({0, describe("tls", ec)});
                                        self->connected_ = true;
                                        self->write(false);
                                    });
        } else {
            connected_ = true;
            write(false);
        }
    }

    // The request as one buffer (the same bytes Beast's serializer would write, without its
    // per-field allocations), written at once; unless its sender forgot it while this
    // connection was being made.
    void write(bool reused) {
        const auto& r = job_->request;
        if (r.still_wanted && !r.still_wanted())
            return finish({0, std::string(forgotten)});
        const auto& t = job_->target;
        text_.clear();
        text_.reserve(r.body.size() + r.headers.size() + t.path.size() + 96);
        text_.append("POST ").append(t.path).append(" HTTP/1.1\r\nHost: ");
        text_.append(t.host_header).append("\r\n").append(r.headers);
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, r.body.size()).ptr;
        text_.append("Content-Length: ").append(digits, end).append("\r\n\r\n").append(r.body);
        net::async_write(
            stream_, net::buffer(text_),
            [self = this->shared_from_this(), reused](beast::error_code ec, std::size_t) {
                if (ec)
                    return self->finish(
                        {0, describe("write", ec), reused && ec != beast::error::timeout});
                self->read(reused);
            });
    }

    void read(bool reused) {
        parser_.emplace();
        parser_->body_limit(1024 * 1024);
        buffer_.clear();
        bhttp::async_read(
            stream_, buffer_, *parser_,
            [self = this->shared_from_this(), reused](beast::error_code ec, std::size_t) {
                if (ec) {
                    const bool stale =
                        reused && !self->parser_->got_some() && ec != beast::error::timeout;
                    return self->finish({0, describe("read", ec), stale});
                }
                const auto& res = self->parser_->get();
                self->finish({res.result_int(), {}, false, res.keep_alive()});
            });
    }

    void finish(Outcome outcome) {
        lowest().expires_never();
        auto done = std::move(done_);
        job_.reset();
        done(std::move(outcome));
    }

    Stream stream_;
    tcp::resolver resolver_;
    bool connected_ = false;
    std::shared_ptr<PostPool::Job> job_;
    std::function<void(Outcome)> done_;
    std::string text_; // the request being written; keeps its capacity
    std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
    beast::flat_buffer buffer_;
};

} // namespace

PostPool::PostPool(net::any_io_executor executor, net::ssl::context& tls, Options options)
    : executor_(std::move(executor)), tls_(tls), options_(options) {
    options_.connections_per_host = std::max<std::size_t>(1, options_.connections_per_host);
}

PostPool::~PostPool() {
    for (auto& [key, host] : hosts_)
        for (auto& link : host->idle)
            link->close();
}

void PostPool::post(PostRequest request, PostDone done) {
    auto target = parse_target(request.url);
    if (!target || closed_) {
        const char* why = closed_ ? "stopping" : "not an http(s) URL";
        net::post(executor_,
                  [done = std::move(done), why] { done(0, why, std::chrono::milliseconds(0)); });
        return;
    }
    auto job = std::make_shared<Job>();
    job->request = std::move(request);
    job->target = std::move(*target);
    job->done = std::move(done);
    std::string key = (job->target.tls ? "https://" : "http://") + job->target.host_header;
    auto& host = hosts_[key];
    if (!host) {
        host = std::make_unique<Host>();
        host->tls = job->target.tls;
    }
    host->waiting.push_back(std::move(job));
    dispatch(*host);
}

void PostPool::dispatch(Host& host) {
    while (!host.waiting.empty() && !closed_) {
        if (const auto& wanted = host.waiting.front()->request.still_wanted; wanted && !wanted()) {
            // Forgotten while it waited: it costs no connection.
            auto job = std::move(host.waiting.front());
            host.waiting.pop_front();
            net::post(executor_, [job] {
                job->done(0, std::string(forgotten), std::chrono::milliseconds(0));
            });
            continue;
        }
        std::shared_ptr<Link> link;
        if (!host.idle.empty()) {
            link = std::move(host.idle.back());
            host.idle.pop_back();
        } else if (host.open < options_.connections_per_host) {
            ++host.open;
            ++stats_.connections_opened;
            if (host.tls)
                link = std::make_shared<LinkImpl<beast::ssl_stream<beast::tcp_stream>>>(
                    executor_, executor_, tls_);
            else
                link = std::make_shared<LinkImpl<beast::tcp_stream>>(executor_, executor_);
        } else {
            return; // every connection is busy: the request waits its turn
        }
        auto job = std::move(host.waiting.front());
        host.waiting.pop_front();
        run(host, std::move(link), std::move(job));
    }
}

void PostPool::run(Host& host, std::shared_ptr<Link> link, std::shared_ptr<Job> job) {
    // The attempt's time starts when a connection takes it up: the wait for one is not the bot's
    // doing, and a deadline that passed in the queue would only cost a connect abandoned at once
    // (and, against a slow bot, a request it answers to nobody, sent again).
    const auto deadline = Clock::now() + job->request.timeout;
    // The link keeps itself alive while its exchange is under way (its handlers own it); the
    // callback it stores must not own it too, or an exchange abandoned at shutdown (its handlers
    // destroyed without running) would leave the link owning itself.
    std::weak_ptr<Link> weak = link;
    link->exchange(job, deadline,
                   [this, &host, weak = std::move(weak), job](Outcome outcome) mutable {
                       settle(host, weak.lock(), std::move(job), std::move(outcome));
                   });
}

void PostPool::settle(Host& host, std::shared_ptr<Link> link, std::shared_ptr<Job> job,
                      Outcome outcome) {
    if (outcome.status != 0 && outcome.keep_alive && !closed_) {
        link->idle_since = Clock::now();
        host.idle.push_back(std::move(link));
        if (!sweeper_)
            sweep();
    } else {
        link->close();
        --host.open;
        // The bot closed a connection that sat idle: not the delivery's failure; once more on a
        // fresh connection, at the head of the line.
        if (outcome.stale && !job->resent && !closed_) {
            job->resent = true;
            ++stats_.reconnects;
            host.waiting.push_front(std::move(job));
            dispatch(host);
            return;
        }
    }
    auto latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - job->started);
    auto& error = outcome.error;
    if (error.find("timed out") != std::string::npos || error.find("timeout") != std::string::npos)
        error = "timeout after " + std::to_string(job->request.timeout.count()) + " ms";
    auto done = std::move(job->done);
    dispatch(host);
    done(outcome.status, std::move(error), latency);
}

void PostPool::sweep() {
    // Armed while some connection is idle; closes those idle longer than the idle timeout.
    auto now = Clock::now();
    bool any_idle = false;
    for (auto& [key, host] : hosts_) {
        auto& idle = host->idle;
        for (auto it = idle.begin(); it != idle.end();) {
            if (now - (*it)->idle_since >= options_.idle_timeout) {
                (*it)->close();
                --host->open;
                it = idle.erase(it);
            } else {
                ++it;
            }
        }
        any_idle = any_idle || !idle.empty();
    }
    if (!any_idle || closed_) {
        sweeper_.reset();
        return;
    }
    if (!sweeper_)
        sweeper_ = std::make_shared<net::steady_timer>(executor_);
    sweeper_->expires_after(
        std::min<std::chrono::milliseconds>(options_.idle_timeout, std::chrono::seconds(1)));
    sweeper_->async_wait([this, timer = sweeper_](beast::error_code ec) {
        if (!ec && timer == sweeper_)
            sweep();
    });
}

void PostPool::close() {
    closed_ = true;
    if (sweeper_) {
        sweeper_->cancel();
        sweeper_.reset();
    }
    for (auto& [key, host] : hosts_) {
        for (auto& link : host->idle)
            link->close();
        host->open -= host->idle.size();
        host->idle.clear();
        auto waiting = std::move(host->waiting);
        host->waiting.clear();
        for (auto& job : waiting)
            net::post(executor_, [job] { job->done(0, "stopping", std::chrono::milliseconds(0)); });
    }
}

} // namespace gcm::http
