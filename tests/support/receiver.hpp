// A bot's callback endpoint for tests: a real HTTP server on 127.0.0.1:0 with its own thread,
// recording every request it gets and answering with the status a test chose.
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

class Receiver {
public:
    Receiver();
    ~Receiver();

    unsigned short port() const;
    std::string url(const std::string& path = "/api/calls") const;
    // The next `statuses.size()` requests get these statuses; later ones get 202.
    void answer_next_with(std::vector<unsigned> statuses);
    std::vector<Received> received() const;
    // Waits until at least `count` requests have arrived, at most `limit`.
    bool wait_for(std::size_t count, std::chrono::milliseconds limit = std::chrono::seconds(5));

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

} // namespace gcm::test
