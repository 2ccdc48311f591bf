// Text from clients echoed back in JSON (error messages, the journal) must be valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace gcm::wire {

// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

} // namespace gcm::wire
