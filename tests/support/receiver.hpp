// A bot's callback endpoint for tests: a real HTTP server on 127.0.0.1:0 (or HTTPS, with a
// certificate of its own) with its own thread, recording every request it gets and answering
// with the status a test chose. It counts the connections it accepted, and can behave like bots
// that close connections they are not using, or take their time to answer.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gcm::test {

struct Received {
    std::string target;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
    std::chrono::steady_clock::time_point at;
    boost::json::value json() const;
};

struct ReceiverOptions {
    bool tls = false;
    // Closes each connection as soon as its answer is written, although the answer says
    // keep-alive: the next request on it finds it gone (a bot closing idle connections).
    bool close_after_answer = false;
    std::chrono::milliseconds answer_delay{0}; // before each answer
    unsigned short port = 0;                   // 0: any free port
};

// A loopback port nothing listens on at the moment (connections to it are refused), for a
// Receiver to listen on later.
unsigned short free_port();

class Receiver {
public:
    explicit Receiver(ReceiverOptions options = {});
    ~Receiver();

    unsigned short port() const;
    std::string url(const std::string& path = "/api/calls") const;
    // Connections accepted so far, and the most that were open at once.
    std::size_t connections() const;
    std::size_t most_open_at_once() const;
    // Requests read so far, answered or still waiting for their answer.
    std::size_t requests_read() const;
    // The next `statuses.size()` requests get these statuses; later ones get 202.
    void answer_next_with(std::vector<unsigned> statuses);
    std::vector<Received> received() const;
    // Waits until at least `count` requests have arrived, at most `limit`. A request counts once
    // answered (after answer_delay): received() holds what the bot answered.
    bool wait_for(std::size_t count, std::chrono::milliseconds limit = std::chrono::seconds(5));
    // Waits until at least `count` requests have been read, answered or not yet.
    bool wait_for_read(std::size_t count,
                       std::chrono::milliseconds limit = std::chrono::seconds(5));

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

} // namespace gcm::test
