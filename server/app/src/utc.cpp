// The UTC formatter (see utc.hpp).
#include "utc.hpp"

#include <cstdio>
#include <ctime>

namespace gcm::app {
namespace {

std::tm broken_down(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

} // namespace

const UtcStamp& utc_now() {
    thread_local std::time_t second = 0;
    thread_local UtcStamp stamp{};
    const std::time_t t = std::time(nullptr);
    if (t != second) {
        const std::tm tm = broken_down(t);
        std::strftime(stamp.http, sizeof stamp.http, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        std::strftime(stamp.iso, sizeof stamp.iso, "%Y-%m-%dT%H:%M:%S", &tm);
        second = t;
    }
    return stamp;
}

std::string iso_utc(std::chrono::system_clock::time_point at) {
    const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(at);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(at - seconds).count();
    const std::tm tm = broken_down(std::chrono::system_clock::to_time_t(seconds));
    char date[24];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[32];
    std::snprintf(out, sizeof out, "%s.%03dZ", date, static_cast<int>(millis));
    return out;
}

} // namespace gcm::app
