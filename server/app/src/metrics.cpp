// Counters and their Prometheus text (see metrics.hpp).
#include "metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace gcm::app {
namespace {

constexpr auto relaxed = std::memory_order_relaxed;

constexpr std::string_view effect_names[] = {"respond",      "delay",     "connection",
                                             "notification", "operation", "call"};

// A label value with Prometheus's escapes.
std::string escaped(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

} // namespace

Metrics::Metrics(std::size_t slots)
    : slots_(slots), series_(std::make_unique<Series[]>(slots * methods)) {}

void Metrics::count_request(std::size_t slot, Method method, unsigned status,
                            std::chrono::microseconds latency) noexcept {
    auto& s = series_[std::min(slot, slots_ - 1) * methods +
                      std::min<std::size_t>(static_cast<std::size_t>(method), methods - 1)];
    bool counted = false;
    for (std::size_t i = 0; i < cells && !counted; ++i) {
        auto current = s.status[i].load(std::memory_order_acquire);
        if (current == 0) {
            // Claim the free cell; if another thread claimed it first, it may be for us too.
            std::uint32_t expected = 0;
            if (s.status[i].compare_exchange_strong(expected, status, std::memory_order_acq_rel))
                current = status;
            else
                current = expected;
        }
        if (current == status) {
            s.count[i].fetch_add(1, relaxed);
            counted = true;
        }
    }
    if (!counted)
        s.other.fetch_add(1, relaxed);
    const double seconds = double(latency.count()) / 1e6;
    const auto bucket =
        std::size_t(std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin());
    latency_[bucket].fetch_add(1, relaxed);
    latency_sum_us_.fetch_add(std::uint64_t(std::max<std::int64_t>(0, latency.count())), relaxed);
}

void Metrics::count_delivery(DeliveryOutcome outcome) noexcept {
    deliveries_[static_cast<std::size_t>(outcome)].fetch_add(1, relaxed);
}

void Metrics::count_fault(FaultEffect effect) noexcept {
    faults_[static_cast<std::size_t>(effect)].fetch_add(1, relaxed);
}

// f(slot, method, status or 0 for "other", count) for every non-zero count.
template <class F> void Metrics::for_each_count(F&& f) const {
    for (std::size_t slot = 0; slot < slots_; ++slot)
        for (std::size_t m = 0; m < methods; ++m) {
            const auto& s = series_[slot * methods + m];
            for (std::size_t i = 0; i < cells; ++i)
                if (const auto n = s.count[i].load(relaxed))
                    f(slot, static_cast<Method>(m), s.status[i].load(relaxed), n);
            if (const auto n = s.other.load(relaxed))
                f(slot, static_cast<Method>(m), 0u, n);
        }
}

std::string Metrics::prometheus(const Labeller& route_label, const Gauges& gauges) const {
    std::string out;
    family(out, "graph_mock_requests_total", "counter",
           "Requests answered, by route template, method and status.");
    for_each_count([&](std::size_t slot, Method m, unsigned status, std::uint64_t n) {
        out.append("graph_mock_requests_total{route=\"")
            .append(escaped(route_label(slot)))
            .append("\",method=\"")
            .append(to_string(m))
            .append("\",status=\"")
            .append(status ? std::to_string(status) : "other")
            .append("\"} ")
            .append(std::to_string(n))
            .append("\n");
    });
    family(out, "graph_mock_request_duration_seconds", "histogram",
           "Time from a request's arrival at the application to its answer.");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < latency_.size(); ++i) {
        cumulative += latency_[i].load(relaxed);
        out.append("graph_mock_request_duration_seconds_bucket{le=\"")
            .append(i < bounds.size() ? number(bounds[i]) : "+Inf")
            .append("\"} ")
            .append(std::to_string(cumulative))
            .append("\n");
    }
    out.append("graph_mock_request_duration_seconds_sum ")
        .append(number(double(latency_sum_us_.load(relaxed)) / 1e6))
        .append("\ngraph_mock_request_duration_seconds_count ")
        .append(std::to_string(cumulative))
        .append("\n");
    family(out, "graph_mock_notifications_total", "counter",
           "Notification delivery attempts, by outcome (retrying: the attempt failed and will be "
           "retried).");
    for (auto outcome : {DeliveryOutcome::delivered, DeliveryOutcome::retrying,
                         DeliveryOutcome::failed, DeliveryOutcome::dropped})
        out.append("graph_mock_notifications_total{outcome=\"")
            .append(to_string(outcome))
            .append("\"} ")
            .append(std::to_string(deliveries_[static_cast<std::size_t>(outcome)].load(relaxed)))
            .append("\n");
    family(out, "graph_mock_fault_rules_fired_total", "counter",
           "Times a fault rule acted, by effect.");
    for (std::size_t i = 0; i < faults_.size(); ++i)
        out.append("graph_mock_fault_rules_fired_total{effect=\"")
            .append(effect_names[i])
            .append("\"} ")
            .append(std::to_string(faults_[i].load(relaxed)))
            .append("\n");
    family(out, "graph_mock_fault_rules", "gauge", "Fault rules in place, in every namespace.");
    out.append("graph_mock_fault_rules ").append(std::to_string(gauges.fault_rules)).append("\n");
    family(out, "graph_mock_namespaces", "gauge",
           "Named namespaces (/_ns/{name}) that exist; the default one always does.");
    out.append("graph_mock_namespaces ").append(std::to_string(gauges.namespaces)).append("\n");
    family(out, "graph_mock_active_calls", "gauge", "Calls that have not ended, by namespace.");
    for (const auto& [name, calls] : gauges.calls_by_namespace)
        out.append("graph_mock_active_calls{namespace=\"")
            .append(escaped(name))
            .append("\"} ")
            .append(std::to_string(calls))
            .append("\n");
    family(out, "graph_mock_waits_pending", "gauge", "POST /_mock/wait requests not answered yet.");
    out.append("graph_mock_waits_pending ")
        .append(std::to_string(gauges.waits_pending))
        .append("\n");
    return out;
}

std::string Metrics::summary(const Labeller& route_label) const {
    struct Line {
        std::string route;
        std::vector<std::pair<unsigned, std::uint64_t>> statuses;
        std::uint64_t total = 0;
    };
    std::vector<Line> lines;
    std::uint64_t total = 0;
    for_each_count([&](std::size_t slot, Method m, unsigned status, std::uint64_t n) {
        auto name = std::string(to_string(m)) + " " + route_label(slot);
        if (lines.empty() || lines.back().route != name)
            lines.push_back({std::move(name), {}, 0});
        lines.back().statuses.emplace_back(status, n);
        lines.back().total += n;
        total += n;
    });
    std::string out = "requests served: " + std::to_string(total);
    for (const auto& line : lines) {
        out += "; " + line.route + ":";
        for (const auto& [status, n] : line.statuses)
            out += " " + (status ? std::to_string(status) : std::string("other")) + "x" +
                   std::to_string(n);
    }
    return out;
}

} // namespace gcm::app
