// The application harness (see app_harness.hpp).
#include "app_harness.hpp"

#include <boost/json/parse.hpp>

namespace gcm::test {

void ManualScheduler::after(std::chrono::milliseconds delay, std::function<void()> task) {
    tasks_.emplace_back(delay, std::move(task));
}

std::size_t ManualScheduler::run_due(std::chrono::milliseconds horizon) {
    std::size_t ran = 0;
    for (bool found = true; found;) {
        found = false;
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            if (tasks_[i].first > horizon)
                continue;
            auto task = std::move(tasks_[i].second);
            tasks_.erase(tasks_.begin() + static_cast<std::ptrdiff_t>(i));
            task(); // may schedule more
            ++ran;
            found = true;
            break;
        }
    }
    return ran;
}

AppHarness::AppHarness(app::AppConfig config) : app(std::move(config), scheduler, &sink, signer) {}

app::Response AppHarness::request(app::Method method, const std::string& target,
                                  const std::string& body) {
    app::Request r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.host = "localhost";
    r.authorization = "Bearer test";
    r.content_type = body.empty() ? "" : "application/json";
    return app.handle(r);
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
