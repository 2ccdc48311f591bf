// The test callback receiver (see receiver.hpp), on asynchronous Beast in a thread of its own.
#include "receiver.hpp"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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
    net::io_context ioc;
    tcp::acceptor acceptor{ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
    std::thread thread;
    mutable std::mutex mutex;
    std::condition_variable arrived;
    std::vector<Received> requests;
    std::deque<unsigned> statuses;

    unsigned next_status() {
        std::lock_guard lock(mutex);
        if (statuses.empty())
            return 202;
        auto s = statuses.front();
        statuses.pop_front();
        return s;
    }

    void accept() {
        acceptor.async_accept([this](beast::error_code ec, tcp::socket s) {
            if (ec)
                return;
            std::make_shared<Connection>(this, std::move(s))->read();
            accept();
        });
    }

    struct Connection : std::enable_shared_from_this<Connection> {
        Connection(Impl* owner, tcp::socket s) : owner(owner), stream(std::move(s)) {}
        Impl* owner;
        beast::tcp_stream stream;
        beast::flat_buffer buffer;
        bhttp::request<bhttp::string_body> req;
        bhttp::response<bhttp::string_body> res;

        void read() {
            req = {};
            stream.expires_after(std::chrono::seconds(30));
            bhttp::async_read(stream, buffer, req,
                              [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                  if (!ec)
                                      self->answer();
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
            bhttp::async_write(stream, res,
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                   if (!ec && self->res.keep_alive())
                                       self->read();
                               });
        }
    };
};

Receiver::Receiver() : impl_(std::make_shared<Impl>()) {
    impl_->accept();
    impl_->thread = std::thread([impl = impl_.get()] { impl->ioc.run(); });
}

Receiver::~Receiver() {
    impl_->ioc.stop();
    impl_->thread.join();
}

unsigned short Receiver::port() const {
    return impl_->acceptor.local_endpoint().port();
}

std::string Receiver::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
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

} // namespace gcm::test
