// The real binary and the control plane: it refuses to listen beyond loopback with an open
// control plane (unless told the network is private), guards it with --admin-token, writes JSON
// log lines that carry the request id, and one summary line when it stops.
#include "http_client.hpp"
#include "mock_process.hpp"

#include <boost/json.hpp>
#include <boost/process.hpp>
#include <boost/test/unit_test.hpp>
#include <future>

namespace bp = boost::process;
using namespace gcm::test;

namespace {

// Runs the binary to its end (bounded), for flags that make it exit.
std::pair<int, std::string> exit_of(const std::vector<std::string>& args) {
    bp::ipstream err;
    bp::child child(GCM_BINARY, bp::args(args), bp::std_out > bp::null, bp::std_err > err);
    auto text = std::async(std::launch::async,
                           [&err] { return std::string(std::istreambuf_iterator<char>(err), {}); });
    if (text.wait_for(std::chrono::seconds(20)) != std::future_status::ready)
        child.terminate();
    child.wait();
    return {child.exit_code(), text.get()};
}

} // namespace

BOOST_AUTO_TEST_SUITE(control_plane_binary)

BOOST_AUTO_TEST_CASE(beyond_loopback_the_control_plane_needs_a_token_or_a_waiver) {
    const auto [code, message] = exit_of({"--bind", "0.0.0.0", "--port", "0", "--no-tls"});
    BOOST_TEST(code == 2);
    BOOST_TEST(message.find("--admin-token") != std::string::npos, message);
    BOOST_TEST(message.find("--insecure-admin") != std::string::npos, message);

    // Waived (as the container image does, through its environment).
    auto env = bp::environment(boost::this_process::environment());
    env["GRAPH_MOCK_INSECURE_ADMIN"] = "true";
    MockProcess open({.args = {"--bind", "0.0.0.0", "--port", "0", "--no-tls"},
                      .environment = env,
                      .capture_stderr = true});
    BOOST_TEST(HttpClient(open.port()).post("/_mock/reset").status == 200u);
    BOOST_TEST(open.stop() == 0);

    // Guarded: the token opens it; health stays open for probes.
    MockProcess guarded(
        {.args = {"--bind", "0.0.0.0", "--port", "0", "--no-tls", "--admin-token", "t0ken"},
         .capture_stderr = true});
    HttpClient client(guarded.port());
    BOOST_TEST(client.post("/_mock/reset").status == 401u);
    BOOST_TEST(
        client.request("POST", "/_mock/reset", {}, {{"Authorization", "Bearer t0ken"}}).status ==
        200u);
    BOOST_TEST(client.request("GET", "/_mock/health", {}, {{"Authorization", ""}}).status == 200u);
    BOOST_TEST(guarded.stop() == 0);
}

BOOST_AUTO_TEST_CASE(json_log_lines_carry_the_request_id_and_stopping_sums_up) {
    MockProcess server(
        {.args = {"--port", "0", "--no-tls", "--log-format", "json"}, .capture_stderr = true});
    HttpClient client(server.port());
    BOOST_TEST(
        client.post("/_mock/faults", R"({"match": {"times": 1}, "respond": {"status": 500}})")
            .status == 201u);
    const auto faulted =
        client.get("/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d");
    BOOST_TEST(faulted.status == 500u);
    BOOST_TEST(client.get("/_mock/health").status == 200u);
    BOOST_TEST(server.stop() == 0);
    bool about_the_request = false;
    std::string summary;
    for (const auto& line : server.log_lines()) {
        const auto entry = boost::json::parse(line).as_object(); // every line is JSON
        const std::string message(entry.at("message").as_string());
        if (message.find("fault rule fault-1 acted on GET") != std::string::npos)
            about_the_request = entry.contains("requestId") &&
                                entry.at("requestId").as_string() == faulted.header("request-id");
        if (message.starts_with("requests served: "))
            summary = message;
    }
    BOOST_TEST(about_the_request);
    // One line: every route served, by method, with the count of each status.
    BOOST_TEST(summary.starts_with("requests served: 3;"), summary);
    BOOST_TEST(summary.find("POST /_mock/faults: 201x1") != std::string::npos, summary);
    BOOST_TEST(summary.find("GET /communications/calls/{callId}: 500x1") != std::string::npos,
               summary);
    BOOST_TEST(summary.find("GET /_mock/health: 200x1") != std::string::npos, summary);
}

BOOST_AUTO_TEST_SUITE_END()
