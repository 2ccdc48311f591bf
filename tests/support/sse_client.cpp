// The test SSE client (see sse_client.hpp), on a plain Asio socket: a timer bounds every read.
#include "sse_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/json/parse.hpp>
#include <stdexcept>

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace gcm::test {

boost::json::value SseEvent::json() const {
    return boost::json::parse(data);
}

// A plain socket and a timer racing each read: a read whose time is up is cancelled, which
// leaves the connection as it was (Beast's tcp_stream would close it).
struct SseClient::Impl {
    net::io_context ioc;
    tcp::socket socket{ioc};
    net::steady_timer timer{ioc};

    // Runs `start(handler)` until its handler runs or `deadline` passes; true: timed out.
    template <class Start>
    bool run_until(std::chrono::steady_clock::time_point deadline, Start&& start) {
        bool timed_out = false;
        timer.expires_at(deadline);
        timer.async_wait([&](beast::error_code ec) {
            if (!ec) {
                timed_out = true;
                beast::error_code ignored;
                socket.cancel(ignored);
            }
        });
        start([this] { timer.cancel(); });
        ioc.restart();
        ioc.run();
        return timed_out;
    }
};

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

} // namespace

SseClient::SseClient(unsigned short port, std::string target, SseOptions options)
    : impl_(std::make_unique<Impl>()) {
    auto& socket = impl_->socket;
    socket.open(tcp::v4());
    if (options.receive_buffer > 0)
        socket.set_option(net::socket_base::receive_buffer_size(options.receive_buffer));
    beast::error_code ec;
    impl_->run_until(std::chrono::steady_clock::now() + options.head_limit, [&](auto done) {
        socket.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                             [&ec, done](beast::error_code e) {
                                 ec = e;
                                 done();
                             });
    });
    if (ec)
        throw std::runtime_error("SseClient: cannot connect: " + ec.message());
    std::string request = "GET " + target + (options.http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n") +
                          "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
    for (const auto& [name, value] : options.headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    net::write(socket, net::buffer(request), ec);
    if (ec)
        throw std::runtime_error("SseClient: cannot send the request: " + ec.message());
    // The head: up to the blank line.
    const auto deadline = std::chrono::steady_clock::now() + options.head_limit;
    std::size_t end = std::string::npos;
    while ((end = raw_.find("\r\n\r\n")) == std::string::npos)
        if (!read_some(deadline))
            throw std::runtime_error("SseClient: no response head within the limit");
    const std::string head = raw_.substr(0, end);
    raw_.erase(0, end + 4);
    raw_seen_ = raw_;
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    status_ = unsigned(std::stoul(status_line.substr(status_line.find(' ') + 1, 3)));
    while (line_end != std::string::npos) {
        const auto start = line_end + 2;
        line_end = head.find("\r\n", start);
        const auto line = head.substr(start, line_end == std::string::npos ? std::string::npos
                                                                           : line_end - start);
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        auto value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        headers_[lower(line.substr(0, colon))] = value;
    }
    chunked_ = lower(header("transfer-encoding")) == "chunked";
    // A body with a length (an error's JSON) is read whole.
    if (has_header("content-length")) {
        const auto length = std::stoul(header("content-length"));
        while (raw_.size() < length && read_some(deadline)) {
        }
        text_ = raw_;
        ended_ = true;
    }
    decode();
}

SseClient::~SseClient() = default;

std::string SseClient::header(const std::string& name) const {
    auto it = headers_.find(name);
    return it == headers_.end() ? std::string{} : it->second;
}

bool SseClient::has_header(const std::string& name) const {
    return headers_.contains(name);
}

bool SseClient::read_some(std::chrono::steady_clock::time_point deadline) {
    if (closed_ || std::chrono::steady_clock::now() >= deadline)
        return false;
    char chunk[16384];
    std::size_t got = 0;
    beast::error_code ec;
    const bool timed_out = impl_->run_until(deadline, [&](auto done) {
        impl_->socket.async_read_some(net::buffer(chunk),
                                      [&got, &ec, done](beast::error_code e, std::size_t n) {
                                          got = n;
                                          ec = e;
                                          done();
                                      });
    });
    raw_.append(chunk, got);
    if (status_ != 0)
        raw_seen_.append(chunk, got);
    if (ec && !timed_out) {
        // The end of the stream, or a reset: either way nothing more comes.
        closed_ = true;
        if (!chunked_)
            ended_ = true;
    }
    return got > 0;
}

// Moves what the framing allows from raw_ to text_: whole chunks, or everything.
void SseClient::decode() {
    if (status_ == 0)
        return;
    if (!chunked_) {
        text_ += raw_;
        raw_.clear();
        return;
    }
    while (!ended_) {
        const auto line_end = raw_.find("\r\n");
        if (line_end == std::string::npos)
            return;
        const auto size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
        if (raw_.size() < line_end + 2 + size + 2)
            return;
        text_.append(raw_, line_end + 2, size);
        raw_.erase(0, line_end + 2 + size + 2);
        if (size == 0)
            ended_ = true;
    }
}

std::optional<SseEvent> SseClient::take_event() {
    for (;;) {
        const auto end = text_.find("\n\n");
        if (end == std::string::npos)
            return std::nullopt;
        const std::string block = text_.substr(0, end);
        text_.erase(0, end + 2);
        SseEvent event{"message", std::nullopt, {}};
        bool has_data = false;
        std::size_t start = 0;
        while (start <= block.size()) {
            auto stop = block.find('\n', start);
            if (stop == std::string::npos)
                stop = block.size();
            const auto line = block.substr(start, stop - start);
            start = stop + 1;
            if (line.empty())
                continue;
            if (line.front() == ':') {
                comments_.push_back(line.substr(1));
                continue;
            }
            const auto colon = line.find(':');
            const auto field = line.substr(0, colon);
            auto value = colon == std::string::npos ? std::string{} : line.substr(colon + 1);
            if (!value.empty() && value.front() == ' ')
                value.erase(0, 1);
            if (field == "event")
                event.name = value;
            else if (field == "id")
                event.id = std::stoull(value);
            else if (field == "data") {
                event.data += (has_data ? "\n" : "") + value;
                has_data = true;
            }
        }
        if (has_data)
            return event;
    }
}

std::optional<SseEvent> SseClient::next(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        if (auto event = take_event())
            return event;
        if (ended_)
            return std::nullopt;
        if (!read_some(deadline)) {
            decode();
            if (auto event = take_event())
                return event;
            if (closed_ || std::chrono::steady_clock::now() >= deadline)
                return std::nullopt;
            continue;
        }
        decode();
    }
}

std::optional<SseEvent> SseClient::next_matching(const std::function<bool(const SseEvent&)>& pred,
                                                 std::chrono::milliseconds limit,
                                                 std::vector<SseEvent>* skipped) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        auto event = next(left);
        if (!event)
            return std::nullopt;
        if (pred(*event))
            return event;
        if (skipped)
            skipped->push_back(std::move(*event));
    }
}

std::vector<SseEvent> SseClient::until_end(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::vector<SseEvent> out;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return out;
        auto event = next(left);
        if (!event) {
            if (ended_ || closed_ || std::chrono::steady_clock::now() >= deadline)
                return out;
            continue;
        }
        out.push_back(std::move(*event));
    }
}

bool SseClient::wait_closed(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!closed_ && std::chrono::steady_clock::now() < deadline)
        read_some(deadline);
    decode();
    return closed_;
}

} // namespace gcm::test
