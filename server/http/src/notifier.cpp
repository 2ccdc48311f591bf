// The notifier (see notifier.hpp).
#include "notifier.hpp"

#include "gcm/state/ids.hpp"

#include <thread>

namespace gcm::http {
namespace {

// Bots under test often run with self-signed certificates; the mock does not check them.
net::ssl::context make_client_tls() {
    net::ssl::context tls(net::ssl::context::tls_client);
    tls.set_verify_mode(net::ssl::verify_none);
    return tls;
}

// A header value cut at CR or LF: a value from a client cannot add lines to the request.
std::string_view header_value(std::string_view value) {
    const auto end = value.find_first_of("\r\n");
    return end == std::string_view::npos ? value : value.substr(0, end);
}

// Kept-alive connections to a bot close after this long unused.
constexpr std::chrono::milliseconds idle_timeout{15000};

} // namespace

Notifier::Notifier(net::io_context& ioc, const NotifierOptions& options,
                   const auth::TokenSigner& signer)
    : strand_(net::make_strand(ioc)), options_(options), signer_(signer), tls_(make_client_tls()),
      pool_(strand_, tls_, PostPool::Options{options.connections_per_host, idle_timeout}) {}

void Notifier::send(app::Notification notification) {
    ++outstanding_;
    net::post(strand_, weakly([n = std::move(notification)](Notifier& self) mutable {
                  self.enqueue(std::move(n));
              }));
}

void Notifier::enqueue(app::Notification n) {
    if (stopped_ || pending_ >= options_.max_pending) {
        if (n.record)
            n.record({.call_id = n.call_id,
                      .url = n.url,
                      .error = stopped_ ? "stopping" : "queue full",
                      .outcome = app::DeliveryOutcome::dropped});
        --outstanding_;
        return;
    }
    ++pending_;
    auto key = n.ordering_key;
    auto [found, created] = queues_.try_emplace(key);
    auto& queue = found->second;
    if (created)
        queue.epoch = ++epochs_;
    queue.items.push_back(Item{std::move(n), 0});
    if (!queue.busy)
        start(key);
}

void Notifier::forget(std::uint64_t group) {
    net::post(strand_, weakly([group](Notifier& self) { self.drop(group); }));
}

void Notifier::drop(std::uint64_t group) {
    // The group's keys are adjacent in the map, from its empty call id on.
    for (auto it = queues_.lower_bound(app::OrderingKey{group, {}});
         it != queues_.end() && it->first.group == group;) {
        pending_ -= it->second.items.size();
        outstanding_ -= it->second.items.size();
        it = queues_.erase(it); // an attempt in flight finds its queue gone
    }
}

Notifier::Queue* Notifier::current(const app::OrderingKey& key, std::uint64_t epoch) {
    auto it = queues_.find(key);
    return it == queues_.end() || it->second.epoch != epoch ? nullptr : &it->second;
}

void Notifier::start(const app::OrderingKey& key) {
    auto& queue = queues_.at(key);
    queue.busy = true;
    const auto epoch = queue.epoch;
    auto delay = options_.delay;
    if (options_.jitter.count() > 0)
        delay += std::chrono::milliseconds(
            std::uniform_int_distribution<long long>(0, options_.jitter.count())(random_));
    if (delay.count() > 0)
        after(delay, [key, epoch](Notifier& self) { self.attempt(key, epoch); });
    else
        attempt(key, epoch);
}

void Notifier::attempt(const app::OrderingKey& key, std::uint64_t epoch) {
    auto* queue = current(key, epoch);
    if (!queue || queue->items.empty())
        return;
    Item& item = queue->items.front();
    ++item.attempt;
    const auto& n = item.notification;
    PostRequest request;
    request.url = n.url;
    request.body = n.body;
    request.timeout = options_.attempt_timeout;
    // Forgotten (a reset, a fixture load, a deleted namespace) before a connection took it up
    // or before it was written: not sent at all. Asked on the strand.
    request.still_wanted = [weak = weak_from_this(), key, epoch] {
        auto self = weak.lock();
        return self && self->current(key, epoch) != nullptr;
    };
    std::string token;
    try {
        token = signer_.sign(n.audience, n.tenant);
    } catch (const std::exception& e) {
        return finished(key, epoch, 0, std::string("cannot sign the token: ") + e.what(),
                        std::chrono::milliseconds(0));
    }
    // The headers the calling service sends with a notification.
    auto& h = request.headers;
    h.reserve(token.size() + n.chain_id.size() + n.scenario_id.size() + 320);
    h.append("Content-Type: application/json\r\nAccept: application/json\r\n");
    h.append("Authorization: Bearer ").append(token).append("\r\n");
    h.append("User-Agent: Microsoft-Skype/3.0,(Calling/1.0)\r\n");
    h.append("X-Microsoft-Skype-Message-ID: ").append(state::random_uuid()).append("\r\n");
    h.append("X-Microsoft-Skype-Chain-ID: ").append(header_value(n.chain_id)).append("\r\n");
    h.append("Scenario-Id: ").append(header_value(n.scenario_id)).append("\r\n");
    pool_.post(std::move(request),
               weakly([key, epoch](Notifier& self, unsigned status, std::string error,
                                   std::chrono::milliseconds latency) {
                   self.finished(key, epoch, status, error, latency);
               }));
}

void Notifier::finished(const app::OrderingKey& key, std::uint64_t epoch, unsigned status,
                        const std::string& error, std::chrono::milliseconds latency) {
    auto* queue = current(key, epoch);
    if (!queue || queue->items.empty())
        return; // its queue was forgotten meanwhile
    Item& item = queue->items.front();
    const bool delivered = status >= 200 && status < 300;
    // Connection errors, timeouts, throttling and server errors may pass; other 4xx will not.
    const bool retryable = status == 0 || status == 408 || status == 429 || status >= 500;
    const bool again = !delivered && retryable && !stopped_ && item.attempt < options_.max_attempts;
    if (item.notification.record)
        item.notification.record({.call_id = item.notification.call_id,
                                  .url = item.notification.url,
                                  .attempt = item.attempt,
                                  .status = status,
                                  .error = error,
                                  .latency = latency,
                                  .outcome = delivered ? app::DeliveryOutcome::delivered
                                             : again   ? app::DeliveryOutcome::retrying
                                                       : app::DeliveryOutcome::failed});
    if (again) {
        after(backoff(item.attempt), [key, epoch](Notifier& self) { self.attempt(key, epoch); });
        return;
    }
    next(key);
}

void Notifier::next(const app::OrderingKey& key) {
    auto it = queues_.find(key);
    if (it == queues_.end())
        return;
    it->second.items.pop_front();
    --pending_;
    --outstanding_;
    if (it->second.items.empty())
        queues_.erase(it);
    else
        start(key);
}

std::chrono::milliseconds Notifier::backoff(unsigned attempt) {
    auto delay = options_.first_backoff;
    for (unsigned i = 1; i < attempt && delay < options_.max_backoff; ++i)
        delay *= 2;
    return std::min(delay, options_.max_backoff);
}

void Notifier::after(std::chrono::milliseconds delay, std::function<void(Notifier&)> task) {
    auto timer = std::make_shared<net::steady_timer>(strand_, delay);
    timer->async_wait(weakly([timer, task = std::move(task)](Notifier& self, beast::error_code ec) {
        if (!ec && !self.stopped_)
            task(self);
    }));
}

void Notifier::stop() {
    net::post(strand_, weakly([](Notifier& self) { self.halt(); }));
}

void Notifier::halt() {
    stopped_ = true;
    pool_.close();
    // Everything still queued is dropped; an attempt in flight finds its queue gone.
    for (const auto& [key, queue] : queues_) {
        pending_ -= queue.items.size();
        outstanding_ -= queue.items.size();
    }
    queues_.clear();
}

bool Notifier::drain(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (outstanding_.load() > 0) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

} // namespace gcm::http
