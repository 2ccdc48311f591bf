// Tables of requests a server must refuse, and the one check every such table gets: each row is
// answered with its status and a Graph error whose message names what was wrong, and nothing in
// the state changed. Header-only: it asserts with Boost.Test, as its callers do.
#pragma once

#include "http_client.hpp"
#include "test_server.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace gcm::test {

struct Refusal {
    std::string name;
    std::string method;
    std::string target;
    std::string body;
    Headers headers;
    unsigned status;
    std::string mentions;  // a word the message must contain: the field or type at fault
    std::string code = {}; // the error's code; empty: not checked
};

// Sends each row of `table` to `server` and checks its refusal: the status, the error's code
// (when the row gives one) and message, the innerError's request-id and date, and that the
// state (GET /_mock/calls) is what it was.
inline void check_refused(TestServer& server, const std::vector<Refusal>& table) {
    auto client = server.client();
    const auto before = server.state_snapshot();
    for (const auto& row : table) {
        BOOST_TEST_CONTEXT(row.name) {
            auto r = client.request(row.method, row.target, row.body, row.headers);
            BOOST_TEST(r.status == row.status);
            const auto body = r.json();
            const auto& error = body.at("error");
            if (!row.code.empty())
                BOOST_TEST(error.at("code") == row.code.c_str());
            const std::string message(error.at("message").as_string());
            BOOST_TEST(message.find(row.mentions) != std::string::npos, message);
            BOOST_TEST(error.at("innerError").at("request-id") == r.header("request-id").c_str());
            BOOST_TEST(error.at("innerError").at("date").as_string().size() == 19u);
            BOOST_TEST((server.state_snapshot() == before));
        }
    }
}

} // namespace gcm::test
