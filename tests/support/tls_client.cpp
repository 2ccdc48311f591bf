// The test HTTPS client (see tls_client.hpp), on synchronous Beast with Asio's OpenSSL stream.
#include "tls_client.hpp"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <stdexcept>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace gcm::test {

HttpResponse https_request(unsigned short port, const std::string& ca_pem, std::string_view method,
                           std::string_view target, std::string_view body, const Headers& headers,
                           const std::string& host_name) {
    net::io_context ioc;
    net::ssl::context tls(net::ssl::context::tls_client);
    tls.add_certificate_authority(net::buffer(ca_pem));
    tls.set_verify_mode(net::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host_name.c_str()))
        throw std::runtime_error("cannot set SNI");
    stream.set_verify_callback(net::ssl::host_name_verification(host_name));
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(stream).connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    stream.handshake(net::ssl::stream_base::client);

    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, host_name + ":" + std::to_string(port));
    req.set(bhttp::field::authorization, "Bearer test-token");
    if (!body.empty())
        req.set(bhttp::field::content_type, "application/json");
    for (const auto& [name, value] : headers) {
        if (value.empty())
            req.erase(name);
        else
            req.set(name, value);
    }
    req.body() = std::string(body);
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    HttpResponse out;
    out.status = res.result_int();
    for (const auto& field : res) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        out.headers.emplace(std::move(name), std::string(field.value()));
    }
    out.body = std::move(res.body());
    beast::error_code ignored;
    stream.shutdown(ignored);
    return out;
}

} // namespace gcm::test
