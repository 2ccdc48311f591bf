// The application harness (see app_harness.hpp).
#include "app_harness.hpp"

#include <boost/json/parse.hpp>

namespace gcm::test {

void ManualScheduler::after(std::chrono::milliseconds delay, std::function<void()> task,
                            Group group) {
    tasks_.push_back({delay, std::move(task), group, {}});
}

void ManualScheduler::cancel(Group group) {
    std::erase_if(tasks_, [group](const Task& t) { return t.group == group; });
}

void ManualScheduler::rearm(std::chrono::milliseconds delay, std::function<void()> task,
                            Group group, std::string key) {
    cancel(group, key);
    tasks_.push_back({delay, std::move(task), group, std::move(key)});
}

void ManualScheduler::cancel(Group group, const std::string& key) {
    std::erase_if(tasks_, [&](const Task& t) { return t.group == group && t.key == key; });
}

void RecordingSink::forget(std::uint64_t group) {
    forgotten.push_back(group);
}

std::size_t ManualScheduler::run_due(std::chrono::milliseconds horizon) {
    std::size_t ran = 0;
    for (bool found = true; found;) {
        found = false;
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            if (tasks_[i].delay > horizon)
                continue;
            auto task = std::move(tasks_[i].run);
            tasks_.erase(tasks_.begin() + static_cast<std::ptrdiff_t>(i));
            task(); // may schedule more
            ++ran;
            found = true;
            break;
        }
    }
    return ran;
}

namespace {

// The idle sweep reschedules itself for ever, which run_due() would chase with no end; idle
// namespaces are tested over HTTP, where time passes by itself.
app::AppConfig without_idle_sweeps(app::AppConfig config) {
    config.namespace_idle = std::chrono::milliseconds(0);
    return config;
}

} // namespace

AppHarness::AppHarness(app::AppConfig config)
    : app(without_idle_sweeps(std::move(config)), scheduler, &sink, signer) {}

app::Response AppHarness::request(app::Method method, const std::string& target,
                                  const std::string& body) {
    app::Request r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.host = "localhost";
    r.authorization = "Bearer test";
    r.content_type = body.empty() ? "" : "application/json";
    auto response = app.handle(r);
    auto aftermath = response.aftermath; // the test still sees what the response carried
    app.deliver(std::move(aftermath));
    return response;
}

boost::json::value resource_data(const app::Notification& n) {
    return boost::json::parse(n.body).at("value").at(0).at("resourceData");
}

std::string create_call_body(const std::string& callback) {
    return R"({"@odata.type": "#microsoft.graph.call", "callbackUri": ")" + callback +
           R"(", "requestedModalities": ["audio"],
  "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
  "targets": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
               "identity": {"user": {"id": "8a3b1f27-0c4d-4e5f-9a6b-7c8d9e0f1a2b"}}}],
  "tenantId": "aa67bd4c-8475-432d-bd41-39f255720e0a"})";
}

} // namespace gcm::test
