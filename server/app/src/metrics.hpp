// The server's counters for GET /_mock/metrics (Prometheus text) and the shutdown summary:
// requests by route template, method and status, a latency histogram, notification outcomes and
// fault rules fired. Counting costs a few relaxed atomic increments and no allocation: a series
// is found by index (routes are static tables), its statuses in a small array of cells.
#pragma once

#include "gcm/app/http_types.hpp"
#include "gcm/app/notifications.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace gcm::app {

enum class FaultEffect { respond, delay, connection, notification, operation, call };

class Metrics {
public:
    // `slots`: how many route series there are (one per route of every table, and one for
    // requests no route took).
    explicit Metrics(std::size_t slots);

    void count_request(std::size_t slot, Method method, unsigned status,
                       std::chrono::microseconds latency) noexcept;
    void count_delivery(DeliveryOutcome outcome) noexcept;
    void count_fault(FaultEffect effect) noexcept;

    // Names a route slot: its method (or none: any) and template.
    using Labeller = std::function<std::string(std::size_t slot)>;
    struct Gauges {
        std::size_t namespaces = 0;
        std::vector<std::pair<std::string, std::size_t>> calls_by_namespace;
        std::size_t waits_pending = 0;
        std::size_t fault_rules = 0;
    };
    std::string prometheus(const Labeller& route_label, const Gauges& gauges) const;
    // One line: every route served, with its count per status.
    std::string summary(const Labeller& route_label) const;

    static constexpr std::size_t methods = 8;

private:
    static constexpr std::size_t cells = 8; // distinct statuses per series, then "other"
    struct Series {
        std::array<std::atomic<std::uint32_t>, cells> status{};
        std::array<std::atomic<std::uint64_t>, cells> count{};
        std::atomic<std::uint64_t> other{0};
    };
    static constexpr std::array<double, 14> bounds{
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};
    template <class F> void for_each_count(F&& f) const;

    std::size_t slots_;
    std::unique_ptr<Series[]> series_; // [slot][method]
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> latency_{};
    std::atomic<std::uint64_t> latency_sum_us_{0};
    std::array<std::atomic<std::uint64_t>, 4> deliveries_{};
    std::array<std::atomic<std::uint64_t>, 6> faults_{};
};

} // namespace gcm::app
