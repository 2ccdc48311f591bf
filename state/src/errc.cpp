// Names of the domain errors, and how a Result<T>::value() on an error throws.
#include "gcm/state/errc.hpp"

#include <boost/throw_exception.hpp>
#include <stdexcept>

namespace gcm::state {

std::string_view to_string(errc e) noexcept {
    switch (e) {
    case errc::call_not_found:
        return "call_not_found";
    case errc::participant_not_found:
        return "participant_not_found";
    case errc::operation_not_found:
        return "operation_not_found";
    case errc::item_not_found:
        return "item_not_found";
    case errc::invalid_request:
        return "invalid_request";
    case errc::illegal_state:
        return "illegal_state";
    case errc::conflict:
        return "conflict";
    }
    return "unknown";
}

void throw_exception_from_error(const Error& e, const boost::source_location& loc) {
    boost::throw_exception(std::runtime_error(std::string(to_string(e.code)) + ": " + e.message),
                           loc);
}

} // namespace gcm::state
