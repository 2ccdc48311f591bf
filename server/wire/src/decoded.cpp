// What every decoder shares (see decoded.hpp).
#include "gcm/wire/decoded.hpp"

#include <boost/throw_exception.hpp>
#include <stdexcept>

namespace gcm::wire {

std::string DecodeError::describe() const {
    return path.empty() ? message : path + ": " + message;
}

void throw_exception_from_error(const DecodeError& e, const boost::source_location& loc) {
    boost::throw_exception(std::invalid_argument(e.describe()), loc);
}

std::string member_path(const std::string& path, std::string_view key) {
    std::string out = path;
    if (!out.empty())
        out += '.';
    out += key;
    return out;
}

std::string element_path(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

} // namespace gcm::wire
