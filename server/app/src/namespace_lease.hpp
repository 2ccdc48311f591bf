// A counted hold on a namespace (NamespaceLease): while one is alive, the namespace is in use
// and the idle sweep (--namespace-idle-ms) leaves it alone. A request holds one while it is
// answered, a pending wait until it is answered, an event stream while it is open, a delayed
// answer until it is written. Releasing the last one starts the namespace's idle time.
// DELETE /_ns/{name} deletes a namespace however many leases it has: what still holds it then
// holds a workspace that the registry forgot, whose timers are dropped, waits answered and
// journal closed, and which goes when its last lease does.
#pragma once

#include <memory>

namespace gcm::app {

class Workspace;

class NamespaceLease {
public:
    NamespaceLease() = default; // holds nothing
    NamespaceLease(NamespaceLease&& other) noexcept = default;
    NamespaceLease& operator=(NamespaceLease&& other) noexcept {
        if (this != &other) {
            release();
            workspace_ = std::move(other.workspace_);
        }
        return *this;
    }
    NamespaceLease(const NamespaceLease&) = delete;
    NamespaceLease& operator=(const NamespaceLease&) = delete;
    ~NamespaceLease() { release(); }

    // Gives the namespace back now (idempotent): its idle time starts if this was the last one.
    void release() noexcept;

    explicit operator bool() const noexcept { return workspace_ != nullptr; }
    Workspace& operator*() const noexcept { return *workspace_; }
    Workspace* operator->() const noexcept { return workspace_.get(); }

private:
    friend class Workspace;
    // Counted already (Workspace::lease).
    explicit NamespaceLease(std::shared_ptr<Workspace> workspace) noexcept
        : workspace_(std::move(workspace)) {}

    std::shared_ptr<Workspace> workspace_;
};

} // namespace gcm::app
