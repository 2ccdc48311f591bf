// The health probe (see health_probe.hpp): connect, GET, read, under one deadline.
#include "health_probe.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <ostream>

namespace gcm::cli {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

// Where to knock: a wildcard bind is reached through loopback.
std::string probe_host(const std::string& bind) {
    if (bind.empty() || bind == "0.0.0.0")
        return "127.0.0.1";
    if (bind == "::" || bind == "[::]")
        return "::1";
    if (bind.size() > 2 && bind.front() == '[' && bind.back() == ']')
        return bind.substr(1, bind.size() - 2);
    return bind;
}

std::string url_of(const std::string& host, unsigned short port) {
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) +
           "/_mock/health";
}

} // namespace

int probe_health(const std::string& bind, unsigned short port, std::chrono::milliseconds timeout,
                 std::ostream& out, std::ostream& err) {
    const auto host = probe_host(bind);
    const auto url = url_of(host, port);
    auto unhealthy = [&](const std::string& why) {
        err << "graph-comms-mock: unhealthy: " << url << ": " << why << std::endl;
        return 1;
    };

    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    beast::flat_buffer buffer;
    bhttp::request<bhttp::empty_body> request(bhttp::verb::get, "/_mock/health", 11);
    request.set(bhttp::field::host, host);
    request.set(bhttp::field::user_agent, "graph-comms-mock-healthcheck");
    request.set(bhttp::field::connection, "close");
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024);
    beast::error_code failure;
    const char* step = "resolve";

    auto on_read = [&](beast::error_code ec, std::size_t) {
        failure = ec;
        stream.socket().close(ec);
    };
    auto on_write = [&](beast::error_code ec, std::size_t) {
        if ((failure = ec))
            return;
        step = "read";
        bhttp::async_read(stream, buffer, parser, on_read);
    };
    auto on_connect = [&](beast::error_code ec, const tcp::endpoint&) {
        if ((failure = ec))
            return;
        step = "send";
        bhttp::async_write(stream, request, on_write);
    };

    tcp::resolver resolver(ioc);
    beast::error_code ec;
    const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec)
        return unhealthy(std::string(step) + ": " + ec.message());
    step = "connect";
    stream.expires_after(timeout);
    stream.async_connect(endpoints, on_connect);
    ioc.run();
    if (failure == beast::error::timeout)
        return unhealthy(std::string(step) + ": no answer within " +
                         std::to_string(timeout.count()) + " ms");
    if (failure)
        return unhealthy(std::string(step) + ": " + failure.message());

    const auto& response = parser.get();
    if (response.result() != bhttp::status::ok)
        return unhealthy("status " + std::to_string(response.result_int()));
    boost::system::error_code json_error;
    const auto body = boost::json::parse(response.body(), json_error);
    const auto* object = json_error ? nullptr : body.if_object();
    const auto* status = object ? object->if_contains("status") : nullptr;
    if (!status || !status->is_string() || status->get_string() != "ok")
        return unhealthy("status 200 without \"status\": \"ok\"");
    out << "graph-comms-mock: healthy: " << url << std::endl;
    return 0;
}

} // namespace gcm::cli
