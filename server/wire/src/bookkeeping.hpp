// The call's `_mock` object both ways (bookkeeping.cpp). Private to the wire library.
#pragma once

#include "gcm/state/call.hpp"
#include "gcm/wire/decode.hpp"

#include <boost/json/object.hpp>
#include <optional>

namespace gcm::wire {

// Reads `_mock` (at `path`) into the call's bookkeeping; the error names the member at fault.
std::optional<DecodeError> decode_call_bookkeeping(const boost::json::value& v,
                                                   const std::string& path, state::Call& call);

// The call's `_mock` object as call_export writes it.
boost::json::object bookkeeping_export(const state::Call& call);

} // namespace gcm::wire
