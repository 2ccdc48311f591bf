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

void write(std::string_view level, std::string_view message) {
    std::string line;
    if (format.load() == LogFormat::json) {
        line = boost::json::serialize(
            boost::json::object{{"time", timestamp()}, {"level", level}, {"message", message}});
    } else {
        line = timestamp() + " " + std::string(level) + " " + std::string(message);
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

} // namespace gcm::app
