// The engine's domain errors: what went wrong in the call model's own terms. The server maps each
// to an HTTP status and Graph error body in one place (server/app/graph_errors.cpp).
#pragma once

#include <boost/system/result.hpp>
#include <string>

namespace gcm::state {

enum class errc {
    call_not_found = 1,
    participant_not_found,
    operation_not_found,
    item_not_found,  // audio routing group, content sharing session
    invalid_request, // a field is missing, of the wrong type or out of range
    illegal_state,   // not allowed in the resource's current state (strict mode, or always)
    conflict,        // the id is already taken
};

std::string_view to_string(errc) noexcept;

struct Error {
    errc code;
    std::string message;
    // The request field at fault, when there is one ("clientContext", "participants[0].identity").
    std::string target;
};

[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

template <class T> using Result = boost::system::result<T, Error>;

inline Error make_error(errc code, std::string message, std::string target = {}) {
    return Error{code, std::move(message), std::move(target)};
}

} // namespace gcm::state
