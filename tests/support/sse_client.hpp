// A Server-Sent Events client for tests: one connection, a GET whose head it reads, then the
// body decoded (chunked, or until the connection closes) and cut into events as they arrive.
// Every read is bounded. It can also hold off reading, with a small receive buffer, to play the
// slow reader.
#pragma once

#include "http_client.hpp"

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gcm::test {

struct SseEvent {
    std::string name; // "message" when the event had no `event:` line
    std::optional<std::uint64_t> id;
    std::string data;
    boost::json::value json() const; // throws when the data is not JSON
};

struct SseOptions {
    Headers headers;        // sent besides Host (and Connection: close for HTTP/1.0)
    int receive_buffer = 0; // SO_RCVBUF before connecting; 0: the system's
    bool http10 = false;    // send the request as HTTP/1.0
    std::chrono::milliseconds head_limit{5000};
};

class SseClient {
public:
    SseClient(unsigned short port, std::string target, SseOptions options = {});
    ~SseClient();

    unsigned status() const { return status_; }
    std::string header(const std::string& lower_case_name) const;
    bool has_header(const std::string& lower_case_name) const;

    // The next event, or nothing when `limit` passes or the body ends first.
    std::optional<SseEvent> next(std::chrono::milliseconds limit = std::chrono::seconds(5));
    // Events until one satisfies `pred` (returned; the others are in `skipped`, if given), or
    // nothing when `limit` passes or the body ends first.
    std::optional<SseEvent> next_matching(const std::function<bool(const SseEvent&)>& pred,
                                          std::chrono::milliseconds limit = std::chrono::seconds(5),
                                          std::vector<SseEvent>* skipped = nullptr);
    // Every event until the body ends (or `limit` passes: then `ended()` is false).
    std::vector<SseEvent> until_end(std::chrono::milliseconds limit = std::chrono::seconds(10));
    // The body has ended: the last chunk came (chunked), or the connection closed.
    bool ended() const { return ended_; }
    // The server closed the connection (read returned the end of the stream) within `limit`.
    bool wait_closed(std::chrono::milliseconds limit = std::chrono::seconds(5));
    // Comment lines seen so far (": keep-alive").
    const std::vector<std::string>& comments() const { return comments_; }
    // The body's bytes as framed on the wire, after the head.
    const std::string& raw_body() const { return raw_seen_; }

private:
    // Reads once (bounded); false when nothing came: time passed, or the connection ended.
    bool read_some(std::chrono::steady_clock::time_point deadline);
    void decode();
    std::optional<SseEvent> take_event();

    struct Impl;
    std::unique_ptr<Impl> impl_;
    unsigned status_ = 0;
    std::map<std::string, std::string> headers_;
    bool chunked_ = false;
    bool ended_ = false;
    bool closed_ = false;
    std::string raw_;      // body bytes not yet decoded
    std::string raw_seen_; // every body byte
    std::string text_;     // decoded body not yet cut into events
    std::vector<std::string> comments_;
};

} // namespace gcm::test
