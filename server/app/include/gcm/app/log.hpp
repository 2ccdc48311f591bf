// Lifecycle and error logging to stderr, as text or as one JSON object a line (--log-format).
#pragma once

#include <string_view>

namespace gcm::app {

enum class LogFormat { text, json };
std::string_view to_string(LogFormat format) noexcept;

void set_log_format(LogFormat format);
void log_info(std::string_view message);
void log_error(std::string_view message);
// A line about one request: JSON lines carry its id as "requestId", text lines end with it.
void log_info(std::string_view message, std::string_view request_id);
void log_error(std::string_view message, std::string_view request_id);

} // namespace gcm::app
