// HTTP/1.1 framing by RFC 9110/9112, read off the raw bytes: a 204 carries no Content-Length and
// no body; the answer to a HEAD has headers only, so a pipelined request behind it is answered
// intact; every request whose framing cannot be read gets a 400 and the connection closes.
// (An obsolete line folding is read as a space, which RFC 9112 §5.2 allows as well as a 400.)
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <arpa/inet.h>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

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

// A blocking loopback connection whose every send and receive gives up after `limit`: for
// exchanges raw_exchange cannot make (reading between sends, sending until the server hangs up).
class RawConnection {
public:
    RawConnection(unsigned short port, std::chrono::milliseconds limit)
        : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        BOOST_TEST_REQUIRE(fd_ >= 0);
        const auto ms = limit.count();
        const timeval timeout{static_cast<time_t>(ms / 1000),
                              static_cast<suseconds_t>(ms % 1000 * 1000)};
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_TEST_REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) ==
                           0);
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // How many of the bytes went out before the connection failed (or the limit passed).
    std::size_t send(std::string_view bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += std::size_t(n);
        }
        return sent;
    }
    // Sends `total` bytes of `c`, a piece at a time (no large allocation that would change how
    // the allocator serves later tests); how many went out before the connection failed.
    std::size_t send_filler(char c, std::size_t total) {
        const std::string piece(16 * 1024, c);
        std::size_t sent = 0;
        while (sent < total) {
            const auto n = send(std::string_view(piece).substr(0, total - sent));
            sent += n;
            if (n == 0)
                break;
        }
        return sent;
    }
    // Reads until `marker` has come, the server closes, or the limit passes.
    std::string receive_until(std::string_view marker) {
        char chunk[4096];
        while (received_.find(marker) == std::string::npos) {
            const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0)
                break;
            received_.append(chunk, std::size_t(n));
        }
        return received_;
    }
    // Everything until the server closes (or the limit passes).
    std::string receive_all() {
        char chunk[4096];
        for (;;) {
            const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0)
                return received_;
            received_.append(chunk, std::size_t(n));
        }
    }

private:
    int fd_;
    std::string received_;
};

// This process's resident set (the server runs in it), in KiB.
std::size_t resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:"))
            return std::stoul(line.substr(6));
    return 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(framing)

BOOST_FIXTURE_TEST_CASE(a_204_has_neither_content_length_nor_body, ServerFixture) {
    auto bytes = server.client().raw_exchange(
        request("DELETE", member_path) + request("GET", "/_mock/health", "Connection: close\r\n"),
        std::chrono::seconds(5));
    auto first = split_first(bytes);
    BOOST_TEST(first.status_line == "HTTP/1.1 204 No Content");
    BOOST_TEST(!has_header(first.head, "Content-Length"));
    BOOST_TEST(!has_header(first.head, "Content-Type"));
    // The next answer starts right after the blank line: nothing was written between.
    BOOST_TEST(first.rest.starts_with("HTTP/1.1 200 OK\r\n"));
}

BOOST_FIXTURE_TEST_CASE(the_answer_to_a_head_has_no_body, ServerFixture) {
    for (const std::string& target : std::vector<std::string>{
             group_call_path, group_call_path + "/participants/nobody", "/v1.0/nowhere"}) {
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

BOOST_FIXTURE_TEST_CASE(head_is_answered_like_get, ServerFixture) {
    auto get = client.get(group_call_path);
    auto head = client.request("HEAD", group_call_path);
    BOOST_TEST(head.status == get.status);
    BOOST_TEST(head.body.empty());
    BOOST_TEST(head.header("content-length") == std::to_string(get.body.size()));
    auto wrong = client.request("PUT", group_call_path, "{}");
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
         "POST " + group_call_path +
             "/keepAlive HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"},
        {"two different Content-Lengths",
         "POST " + group_call_path +
             "/keepAlive HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
             "Content-Length: 3\r\n\r\n{}"},
        {"a bad chunk size", "POST " + group_call_path +
                                 "/keepAlive HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                                 "\r\nzz\r\n{}\r\n0\r\n\r\n"},
        {"a space before the colon", "GET " + group_call_path + " HTTP/1.1\r\nHost : a\r\n\r\n"},
        {"a bad version", "GET " + group_call_path + " HTTP/9.9\r\nHost: a\r\n\r\n"},
        {"a bad method", "G(T " + group_call_path + " HTTP/1.1\r\nHost: a\r\n\r\n"},
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

BOOST_FIXTURE_TEST_CASE(a_transfer_coding_before_chunked_is_not_implemented, ServerFixture) {
    auto bytes = server.client().raw_exchange(
        "POST " + group_call_path +
            "/keepAlive HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n"
            "\r\n2\r\n{}\r\n0\r\n\r\n",
        std::chrono::seconds(5));
    BOOST_TEST(bytes.starts_with("HTTP/1.1 501 Not Implemented\r\n"), "got: " << bytes);
    BOOST_TEST(bytes.find("Connection: close\r\n") != std::string::npos);
}

// A chunk-size line that never ends, or a trailer section that never ends, is held in the
// session's buffer while it comes: it is bounded (a chunk line at 4 KiB, trailers at the header
// limit), so one client cannot grow the server by what it sends before the read timeout.
BOOST_AUTO_TEST_CASE(endless_chunk_extensions_and_trailers_are_refused_early) {
    struct Row {
        const char* name;
        std::string head;
        const char* status_line;
    };
    const std::string chunked_post = "POST " + group_call_path +
                                     "/keepAlive HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                                     "t\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::vector<Row> rows = {
        {"chunk extension", chunked_post + "2;x=", "HTTP/1.1 400 Bad Request\r\n"},
        {"trailer field", chunked_post + "2\r\n{}\r\n0\r\nX-T: ",
         "HTTP/1.1 431 Request Header Fields Too Large\r\n"},
    };
    constexpr std::size_t flood = 8 * 1024 * 1024;
    TestServer server;
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.name) {
            const auto resident_before = resident_kib();
            RawConnection connection(server.port(), std::chrono::seconds(5));
            BOOST_TEST_REQUIRE(connection.send(row.head) == row.head.size());
            const auto sent = connection.send_filler('a', flood);
            const auto answer = connection.receive_all();
            // The server answered and hung up long before the flood's end.
            BOOST_TEST(sent < flood);
            BOOST_TEST(answer.starts_with(row.status_line), "got: " << answer.substr(0, 60));
            BOOST_TEST(answer.find("Connection: close\r\n") != std::string::npos);
            BOOST_TEST_MESSAGE(row.name << ": " << sent << " bytes sent, resident set grew "
                                        << static_cast<long long>(resident_kib()) -
                                               static_cast<long long>(resident_before)
                                        << " KiB");
            BOOST_TEST(resident_kib() < resident_before + 3 * 1024);
            BOOST_TEST(server.client().get("/_mock/health").status == 200u);
        }
    }
}

// A chunk line or trailer section within the limits is still read.
BOOST_FIXTURE_TEST_CASE(chunk_extensions_and_trailers_within_the_limits_are_read, ServerFixture) {
    // In pieces, so each is held while the rest is awaited.
    auto bytes = server.client().raw_exchange(
        {"POST " + group_call_path +
             "/keepAlive HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer t\r\nContent-Type: "
             "application/json\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=" +
             std::string(4000, 'e'),
         "\r\n{}\r\n0\r\nX-T: " + std::string(15000, 't'), "\r\n\r\n"},
        std::chrono::milliseconds(20), std::chrono::seconds(5));
    BOOST_TEST(bytes.starts_with("HTTP/1.1 200 OK\r\n"), "got: " << bytes.substr(0, 60));
}

// RFC 9112 §3.2: an HTTP/1.1 request without Host, or any request with two, gets a 400 and the
// connection closes; an HTTP/1.0 request may come without one.
BOOST_FIXTURE_TEST_CASE(a_request_needs_exactly_one_host, ServerFixture) {
    const std::vector<std::pair<const char*, std::string>> refused = {
        {"HTTP/1.1 without Host", "GET /_mock/health HTTP/1.1\r\n\r\n"},
        {"two Hosts", "GET /_mock/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"},
        {"two Hosts in HTTP/1.0", "GET /_mock/health HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n"},
        {"without Host, with a body",
         "POST " + group_call_path + "/keepAlive HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}"},
    };
    for (const auto& [name, bytes] : refused) {
        BOOST_TEST_CONTEXT(name) {
            // A pipelined request behind it is not answered: the connection closes.
            auto answer = server.client().raw_exchange(
                bytes + "GET /_mock/health HTTP/1.1\r\nHost: a\r\n\r\n", std::chrono::seconds(5));
            BOOST_TEST(answer.starts_with("HTTP/1.1 400 Bad Request\r\n"), "got: " << answer);
            BOOST_TEST(answer.find("Connection: close\r\n") != std::string::npos);
            BOOST_TEST(answer.find("Host") != std::string::npos);
            BOOST_TEST(answer.find("HTTP/1.1 200") == std::string::npos);
        }
    }
    auto old =
        server.client().raw_exchange("GET /_mock/health HTTP/1.0\r\n\r\n", std::chrono::seconds(5));
    BOOST_TEST(old.starts_with("HTTP/1.1 200 OK\r\n"), "got: " << old);
}

// RFC 9112 §9.3: an HTTP/1.0 connection persists only when the client asked for it, and the
// server then says so; otherwise it closes after the response.
BOOST_FIXTURE_TEST_CASE(http10_keep_alive_is_kept_only_when_asked_and_then_said, ServerFixture) {
    const std::string health = "GET /_mock/health HTTP/1.0\r\nHost: a\r\n";
    auto kept = server.client().raw_exchange(
        health + "Connection: keep-alive\r\n\r\n" + health + "\r\n", std::chrono::seconds(5));
    auto first = split_first(kept);
    BOOST_TEST(first.status_line == "HTTP/1.1 200 OK");
    BOOST_TEST(first.head.find("\r\nConnection: keep-alive\r\n") != std::string::npos);
    // The second request was answered on the same connection, which then closed.
    const auto second_at = first.rest.find("HTTP/1.1 200 OK\r\n");
    BOOST_TEST_REQUIRE(second_at != std::string::npos, "got: " << kept);
    auto second = split_first(first.rest.substr(second_at));
    BOOST_TEST(second.head.find("\r\nConnection: close\r\n") != std::string::npos);

    auto closed =
        server.client().raw_exchange(health + "\r\n" + health + "\r\n", std::chrono::seconds(5));
    BOOST_TEST(closed.find("\r\nConnection: close\r\n") != std::string::npos);
    BOOST_TEST(closed.find("HTTP/1.1", 1) == std::string::npos); // one answer, then the close
}

// RFC 9110 §10.1.1: a client that sends Expect: 100-continue waits for the 100 before its body;
// a request its head already refuses gets the final status instead, and no 100.
BOOST_FIXTURE_TEST_CASE(expect_100_continue_is_answered_before_the_body, ServerFixture) {
    const std::string head = "POST " + group_call_path +
                             "/keepAlive HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                             "t\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n";
    {
        RawConnection connection(server.port(), std::chrono::seconds(5));
        BOOST_TEST_REQUIRE(connection.send(head + "Content-Length: 2\r\n\r\n") > 0);
        const auto interim = connection.receive_until("\r\n\r\n");
        BOOST_TEST(interim == "HTTP/1.1 100 Continue\r\n\r\n");
        BOOST_TEST_REQUIRE(connection.send("{}") == 2u);
        const auto answer = connection.receive_until("HTTP/1.1 200 OK\r\n");
        BOOST_TEST(answer.find("HTTP/1.1 200 OK\r\n") != std::string::npos, "got: " << answer);
    }
    {
        RawConnection connection(server.port(), std::chrono::seconds(5));
        BOOST_TEST_REQUIRE(connection.send(head + "Content-Length: 100000000\r\n\r\n") > 0);
        const auto answer = connection.receive_all();
        BOOST_TEST(answer.starts_with("HTTP/1.1 413 "), "got: " << answer.substr(0, 60));
    }
    {
        RawConnection connection(server.port(), std::chrono::seconds(5));
        BOOST_TEST_REQUIRE(connection.send("POST " + group_call_path +
                                           "/keepAlive HTTP/1.1\r\nExpect: 100-continue\r\n"
                                           "Content-Length: 2\r\n\r\n") > 0);
        const auto answer = connection.receive_all();
        BOOST_TEST(answer.starts_with("HTTP/1.1 400 Bad Request\r\n"), "got: " << answer);
    }
}

BOOST_AUTO_TEST_SUITE_END()
