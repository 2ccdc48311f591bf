// The test callback receiver (see receiver.hpp), on asynchronous Beast in a thread of its own.
#include "receiver.hpp"

#include "gcm/auth/certificates.hpp"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/parse.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace gcm::test {

boost::json::value Received::json() const {
    return boost::json::parse(body);
}

// Handlers hold the Impl by plain pointer: it outlives the I/O thread, and its io_context
// destroys whatever handlers are left when it goes.
struct Receiver::Impl {
    explicit Impl(ReceiverOptions o) : options(o) {
        if (!options.tls)
            return;
        auto material = auth::make_local_tls({"localhost", "127.0.0.1"});
        tls.use_certificate_chain(net::buffer(material.server_certificate_pem));
        tls.use_private_key(net::buffer(material.server_key_pem), net::ssl::context::pem);
    }

    ReceiverOptions options;
    // Before the io_context: the connections its destructor destroys still count themselves out.
    mutable std::mutex mutex;
    std::condition_variable arrived;
    std::vector<Received> requests;
    std::size_t read_so_far = 0; // requests read, answered or still waiting for their answer
    std::deque<unsigned> statuses;
    std::size_t accepted = 0;  // under the mutex
    std::size_t open = 0;      // under the mutex
    std::size_t most_open = 0; // under the mutex
    net::io_context ioc;
    net::ssl::context tls{net::ssl::context::tls_server};
    tcp::acceptor acceptor{ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), options.port)};
    std::thread thread;

    unsigned next_status() {
        std::lock_guard lock(mutex);
        if (statuses.empty())
            return 202;
        auto s = statuses.front();
        statuses.pop_front();
        return s;
    }

    void opened() {
        std::lock_guard lock(mutex);
        ++accepted;
        most_open = std::max(most_open, ++open);
    }
    void closed() {
        std::lock_guard lock(mutex);
        --open;
    }

    void accept() {
        acceptor.async_accept([this](beast::error_code ec, tcp::socket s) {
            if (ec)
                return;
            opened();
            if (options.tls) {
                auto c = std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(
                    this, std::move(s), tls);
                c->stream.async_handshake(net::ssl::stream_base::server, [c](beast::error_code ec) {
                    if (!ec)
                        c->read();
                });
            } else {
                std::make_shared<Connection<beast::tcp_stream>>(this, std::move(s))->read();
            }
            accept();
        });
    }

    template <class Stream> struct Connection : std::enable_shared_from_this<Connection<Stream>> {
        template <class... Args>
        Connection(Impl* owner, tcp::socket s, Args&... args)
            : owner(owner), stream(std::move(s), args...), timer(owner->ioc) {}
        ~Connection() { owner->closed(); }
        Impl* owner;
        Stream stream;
        net::steady_timer timer;
        beast::flat_buffer buffer;
        bhttp::request<bhttp::string_body> req;
        bhttp::response<bhttp::string_body> res;

        void read() {
            req = {};
            beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
            bhttp::async_read(stream, buffer, req,
                              [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                  if (ec)
                                      return;
                                  {
                                      std::lock_guard lock(self->owner->mutex);
                                      ++self->owner->read_so_far;
                                  }
                                  self->owner->arrived.notify_all();
                                  if (self->owner->options.answer_delay.count() == 0)
                                      return self->answer();
                                  self->timer.expires_after(self->owner->options.answer_delay);
                                  self->timer.async_wait(
                                      [self](beast::error_code) { self->answer(); });
                              });
        }

        void answer() {
            Received r;
            r.target = std::string(req.target());
            for (const auto& field : req) {
                std::string name(field.name_string());
                std::transform(name.begin(), name.end(), name.begin(),
                               [](unsigned char c) { return char(std::tolower(c)); });
                r.headers[name] = std::string(field.value());
            }
            r.body = req.body();
            r.at = std::chrono::steady_clock::now();
            const unsigned status = owner->next_status();
            {
                std::lock_guard lock(owner->mutex);
                owner->requests.push_back(std::move(r));
            }
            owner->arrived.notify_all();
            res = {};
            res.version(11);
            res.result(status);
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            bhttp::async_write(
                stream, res, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                    if (ec || !self->res.keep_alive())
                        return;
                    if (self->owner->options.close_after_answer) {
                        beast::error_code ignored;
                        beast::get_lowest_layer(self->stream).socket().close(ignored);
                        return;
                    }
                    self->read();
                });
        }
    };
};

unsigned short free_port() {
    net::io_context ioc;
    tcp::acceptor probe(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    return probe.local_endpoint().port(); // closed on return
}

Receiver::Receiver(ReceiverOptions options) : impl_(std::make_shared<Impl>(options)) {
    impl_->accept();
    impl_->thread = std::thread([impl = impl_.get()] { impl->ioc.run(); });
}

Receiver::~Receiver() {
    impl_->ioc.stop();
    impl_->thread.join();
}

std::size_t Receiver::connections() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->accepted;
}

std::size_t Receiver::most_open_at_once() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->most_open;
}

std::size_t Receiver::requests_read() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->read_so_far;
}

unsigned short Receiver::port() const {
    return impl_->acceptor.local_endpoint().port();
}

std::string Receiver::url(const std::string& path) const {
    return (impl_->options.tls ? "https://127.0.0.1:" : "http://127.0.0.1:") +
           std::to_string(port()) + path;
}

void Receiver::answer_next_with(std::vector<unsigned> statuses) {
    std::lock_guard lock(impl_->mutex);
    impl_->statuses.assign(statuses.begin(), statuses.end());
}

std::vector<Received> Receiver::received() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

bool Receiver::wait_for(std::size_t count, std::chrono::milliseconds limit) {
    std::unique_lock lock(impl_->mutex);
    return impl_->arrived.wait_for(lock, limit, [&] { return impl_->requests.size() >= count; });
}

bool Receiver::wait_for_read(std::size_t count, std::chrono::milliseconds limit) {
    std::unique_lock lock(impl_->mutex);
    return impl_->arrived.wait_for(lock, limit, [&] { return impl_->read_so_far >= count; });
}

} // namespace gcm::test
