// The Application alone, without a network: requests go straight to handle(), deferred actions
// wait in a scheduler the test steps by hand, notifications land in a list. For the rules that
// live in the application layer: what leaves with a response and what leaves on its own, whose
// ids a call gets, what a namespace's timers do once it is gone.
#pragma once

#include "gcm/app/application.hpp"
#include "gcm/auth/token_signer.hpp"

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace gcm::test {

// Holds every task; run_due() runs those due within `horizon` of being scheduled (and what they
// schedule in turn), as if that much time passed.
class ManualScheduler final : public app::Scheduler {
public:
    void after(std::chrono::milliseconds delay, std::function<void()> task, Group group) override;
    void cancel(Group group) override;
    void rearm(std::chrono::milliseconds delay, std::function<void()> task, Group group,
               std::string key) override;
    void cancel(Group group, const std::string& key) override;
    // Runs the tasks due within `horizon`, oldest first; later ones stay.
    std::size_t run_due(std::chrono::milliseconds horizon);
    std::size_t pending() const override { return tasks_.size(); }

private:
    struct Task {
        std::chrono::milliseconds delay;
        std::function<void()> run;
        Group group;
        std::string key; // empty: none
    };
    std::vector<Task> tasks_;
};

class RecordingSink final : public app::NotificationSink {
public:
    void send(app::Notification notification) override { sent.push_back(std::move(notification)); }
    void forget(std::uint64_t group) override;
    std::vector<app::Notification> sent;
    std::vector<std::uint64_t> forgotten; // the groups
};

struct AppHarness {
    explicit AppHarness(app::AppConfig config);

    // Answers the request, then (as the session does once the answer is written) delivers its
    // notifications to `sink` and starts its timers.
    app::Response request(app::Method method, const std::string& target,
                          const std::string& body = {});

    ManualScheduler scheduler;
    RecordingSink sink;
    auth::TokenSigner signer;
    app::Application app;
};

// The resourceData of a commsNotifications body.
boost::json::value resource_data(const app::Notification& n);
// A create-call body for a peer-to-peer call to one user, with service-hosted media.
std::string create_call_body(const std::string& callback = "https://bot.example/callback");

} // namespace gcm::test
