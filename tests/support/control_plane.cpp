// Control-plane test helpers (see control_plane.hpp).
#include "control_plane.hpp"

#include "test_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <sstream>

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace gcm::test {

std::future<HttpResponse> wait_async(unsigned short port, std::string body, std::string prefix) {
    return std::async(std::launch::async, [port, body = std::move(body), prefix] {
        HttpClient client(port);
        return client.post(prefix + "/_mock/wait", body);
    });
}

double metric(HttpClient& client, std::string_view series) {
    const auto text = client.get("/_mock/metrics").body;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with('#') || !line.starts_with(series))
            continue;
        const auto rest = std::string_view(line).substr(series.size());
        if (rest.empty() || rest.front() != ' ')
            continue; // a longer name, or other labels
        return std::stod(std::string(rest.substr(1)));
    }
    return -1;
}

bool waits_pending(HttpClient& client, std::size_t count, std::chrono::milliseconds limit) {
    return wait_until([&] { return metric(client, "graph_mock_waits_pending") == double(count); },
                      limit);
}

RawOutcome raw_until_closed(unsigned short port, std::string_view bytes,
                            std::chrono::milliseconds limit) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    RawOutcome out;
    boost::system::error_code ec;
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    if (ec)
        return out;
    net::write(socket, net::buffer(bytes.data(), bytes.size()), ec);
    net::steady_timer timer(ioc, limit);
    bool timed_out = false;
    timer.async_wait([&](boost::system::error_code e) {
        if (!e) {
            timed_out = true;
            socket.close();
        }
    });
    char chunk[4096];
    std::function<void(boost::system::error_code, std::size_t)> on_read =
        [&](boost::system::error_code e, std::size_t n) {
            out.received.append(chunk, n);
            if (e) {
                out.reset = e == net::error::connection_reset;
                out.closed = e == net::error::eof;
                timer.cancel();
                return;
            }
            socket.async_read_some(net::buffer(chunk), on_read);
        };
    socket.async_read_some(net::buffer(chunk), on_read);
    ioc.run();
    if (timed_out)
        out.reset = out.closed = false;
    return out;
}

std::string request_bytes(std::string_view method, std::string_view target, std::string_view body) {
    std::string out = std::string(method) + " " + std::string(target) +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer test\r\n";
    if (!body.empty())
        out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    out += body;
    return out;
}

} // namespace gcm::test
