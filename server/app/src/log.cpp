// The stderr logger (see log.hpp). One write per line, so lines from threads do not interleave.
#include "gcm/app/log.hpp"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace gcm::app {
namespace {

std::atomic<LogFormat> format{LogFormat::text};

std::string timestamp() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
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
