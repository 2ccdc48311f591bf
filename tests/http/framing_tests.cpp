// HTTP/1.1 framing by RFC 9110/9112, read off the raw bytes: a 204 carries no Content-Length and
// no body; the answer to a HEAD has headers only, so a pipelined request behind it is answered
// intact; every request whose framing cannot be read gets a 400 and the connection closes.
// (An obsolete line folding is read as a space, which RFC 9112 §5.2 allows as well as a 400.)
#include "test_server.hpp"

#include <boost/test/unit_test.hpp>

using namespace gcm::test;

namespace {

const std::string call = "/v1.0/communications/calls/112f7296-5fa4-42ca-bae8-6a692b15d4b8";
const std::string member = call + "/participants/a7ebfb2d-871e-419c-87af-27290b22e8db";

struct RawResponse {
    std::string status_line;
    std::string head; // status line and headers, up to the blank line
    std::string rest; // everything after the blank line
};

RawResponse split_first(const std::string& bytes) {
    RawResponse r;
    const auto end = bytes.find("\r\n\r\n");
    BOOST_TEST_REQUIRE(end != std::string::npos, "no complete header block in: " << bytes);
    r.head = bytes.substr(0, end + 2);
    r.rest = bytes.substr(end + 4);
    r.status_line = bytes.substr(0, bytes.find("\r\n"));
    return r;
}

bool has_header(const std::string& head, const std::string& name) {
    return head.find("\r\n" + name + ": ") != std::string::npos;
}

std::string request(const std::string& method, const std::string& target,
                    const std::string& extra = {}) {
    return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n" +
           extra + "\r\n";
}

} // namespace

BOOST_AUTO_TEST_SUITE(framing)

BOOST_AUTO_TEST_CASE(a_204_has_neither_content_length_nor_body) {
    TestServer server;
    auto bytes = server.client().raw_exchange(
        request("DELETE", member) + request("GET", "/_mock/health", "Connection: close\r\n"),
        std::chrono::seconds(5));
    auto first = split_first(bytes);
    BOOST_TEST(first.status_line == "HTTP/1.1 204 No Content");
    BOOST_TEST(!has_header(first.head, "Content-Length"));
    BOOST_TEST(!has_header(first.head, "Content-Type"));
    // The next answer starts right after the blank line: nothing was written between.
    BOOST_TEST(first.rest.starts_with("HTTP/1.1 200 OK\r\n"));
}

BOOST_AUTO_TEST_CASE(the_answer_to_a_head_has_no_body) {
    TestServer server;
    for (const std::string& target :
         std::vector<std::string>{call, call + "/participants/nobody", "/v1.0/nowhere"}) {
        BOOST_TEST_CONTEXT(target) {
            auto bytes = server.client().raw_exchange(
                request("HEAD", target) + request("GET", "/_mock/health", "Connection: close\r\n"),
                std::chrono::seconds(5));
            auto first = split_first(bytes);
            // A body the GET would have had is announced, not sent.
            BOOST_TEST(has_header(first.head, "Content-Length"));
            BOOST_TEST(first.head.find("Content-Length: 0\r\n") == std::string::npos);
            BOOST_TEST(first.rest.starts_with("HTTP/1.1 200 OK\r\n"));
            auto second = split_first(first.rest);
            BOOST_TEST(second.rest.find("\"status\":\"ok\"") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(head_is_answered_like_get) {
    TestServer server;
    auto client = server.client();
    auto get = client.get(call);
    auto head = client.request("HEAD", call);
    BOOST_TEST(head.status == get.status);
    BOOST_TEST(head.body.empty());
    BOOST_TEST(head.header("content-length") == std::to_string(get.body.size()));
    auto wrong = client.request("PUT", call, "{}");
    BOOST_TEST(wrong.status == 405u);
    BOOST_TEST(wrong.header("allow") == "GET, HEAD, DELETE");
}

BOOST_AUTO_TEST_CASE(every_unreadable_request_gets_a_400_and_the_connection_closes) {
    struct Row {
        const char* name;
        std::string bytes;
    };
    const std::vector<Row> rows = {
        {"transfer coding other than chunked",
         "POST " + call + "/keepAlive HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"},
        {"two different Content-Lengths",
         "POST " + call +
             "/keepAlive HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
             "Content-Length: 3\r\n\r\n{}"},
        {"a bad chunk size", "POST " + call +
                                 "/keepAlive HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                                 "\r\nzz\r\n{}\r\n0\r\n\r\n"},
        {"a space before the colon", "GET " + call + " HTTP/1.1\r\nHost : a\r\n\r\n"},
        {"a bad version", "GET " + call + " HTTP/9.9\r\nHost: a\r\n\r\n"},
        {"a bad method", "G(T " + call + " HTTP/1.1\r\nHost: a\r\n\r\n"},
    };
    TestServer server;
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.name) {
            auto bytes = server.client().raw_exchange(row.bytes, std::chrono::seconds(5));
            BOOST_TEST(bytes.starts_with("HTTP/1.1 400 Bad Request\r\n"), "got: " << bytes);
            BOOST_TEST(bytes.find("Connection: close\r\n") != std::string::npos);
            BOOST_TEST(bytes.find("\"BadRequest\"") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_transfer_coding_before_chunked_is_not_implemented) {
    TestServer server;
    auto bytes = server.client().raw_exchange(
        "POST " + call +
            "/keepAlive HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n"
            "\r\n2\r\n{}\r\n0\r\n\r\n",
        std::chrono::seconds(5));
    BOOST_TEST(bytes.starts_with("HTTP/1.1 501 Not Implemented\r\n"), "got: " << bytes);
    BOOST_TEST(bytes.find("Connection: close\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
