// The stderr logger (see log.hpp). One write per line, so lines from threads do not interleave.
#include "gcm/app/log.hpp"

#include "utc.hpp"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>
#include <string>

namespace gcm::app {
namespace {

std::atomic<LogFormat> format{LogFormat::text};

std::string timestamp() {
    return iso_utc(std::chrono::system_clock::now());
}

void write(std::string_view level, std::string_view message, std::string_view request_id = {}) {
    std::string line;
    if (format.load() == LogFormat::json) {
        boost::json::object o{{"time", timestamp()}, {"level", level}, {"message", message}};
        if (!request_id.empty())
            o["requestId"] = request_id;
        line = boost::json::serialize(o);
    } else {
        line = timestamp() + " " + std::string(level) + " " + std::string(message);
        if (!request_id.empty())
            line += " (request-id " + std::string(request_id) + ")";
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace

std::string_view to_string(LogFormat f) noexcept {
    return f == LogFormat::json ? "json" : "text";
}

void set_log_format(LogFormat f) {
    format = f;
}
void log_info(std::string_view message) {
    write("info", message);
}
void log_error(std::string_view message) {
    write("error", message);
}
void log_info(std::string_view message, std::string_view request_id) {
    write("info", message, request_id);
}
void log_error(std::string_view message, std::string_view request_id) {
    write("error", message, request_id);
}

} // namespace gcm::app
