// A small synchronous HTTP/1.1 client for tests: keeps one keep-alive connection to a loopback
// port, sends Graph-style requests (Bearer token and JSON content type by default).
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gcm::test {

struct HttpResponse {
    unsigned status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;

    boost::json::value json() const; // throws when the body is not JSON
    std::string header(const std::string& lower_case_name) const;
    bool has_header(const std::string& lower_case_name) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
public:
    explicit HttpClient(unsigned short port);
    ~HttpClient();
    HttpClient(HttpClient&&) noexcept;

    // Sends a request; `headers` replace the defaults of the same name (an empty value removes
    // one). Defaults: Authorization: Bearer test-token, Content-Type: application/json.
    HttpResponse request(std::string_view method, std::string_view target,
                         std::string_view body = {}, const Headers& headers = {});
    HttpResponse get(std::string_view target) { return request("GET", target); }
    HttpResponse post(std::string_view target, std::string_view body = {}) {
        return request("POST", target, body);
    }
    HttpResponse del(std::string_view target) { return request("DELETE", target); }

    // Writes raw bytes on a fresh connection and reads until the server closes it or `limit`
    // passes: for requests no well-behaved client would send.
    std::string raw_exchange(std::string_view bytes, std::chrono::milliseconds limit);
    // The same, the bytes written in `pieces`, `gap` apart (each its own TCP segment).
    std::string raw_exchange(const std::vector<std::string>& pieces, std::chrono::milliseconds gap,
                             std::chrono::milliseconds limit);
    // Sends `bytes` one at a time, `interval` apart, on a fresh connection; true when the server
    // closed the connection before all were sent or `limit` passed (a slow-loris client).
    bool trickle_until_closed(std::string_view bytes, std::chrono::milliseconds interval,
                              std::chrono::milliseconds limit);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace gcm::test
