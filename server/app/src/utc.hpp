// UTC times as HTTP and Graph write them, from one formatter: the Date header, an error's
// innerError.date, the journal's and the log's timestamps.
#pragma once

#include <chrono>
#include <string>

namespace gcm::app {

struct UtcStamp {
    char http[30]; // "Sun, 22 Nov 2026 14:20:00 GMT" (29 characters and a NUL)
    char iso[20];  // "2026-11-22T14:20:00"
};

// This second's stamp. Every response carries one, so each thread formats it once a second.
const UtcStamp& utc_now();

// "2026-11-22T14:20:00.123Z"
std::string iso_utc(std::chrono::system_clock::time_point at);

} // namespace gcm::app
