// Writes an app::Response as HTTP/1.1 bytes into a buffer the session reuses: one contiguous
// write per response, without Beast's field container and serializer on the hot path.
#pragma once

#include "gcm/app/http_types.hpp"

#include <string>

namespace gcm::http {

// Replaces `out` with the status line, the response's headers, Content-Length, Connection:
// close when the connection ends after this response, and the body. `out` keeps its capacity.
void write_response_text(const app::Response& response, bool keep_alive, std::string& out);

} // namespace gcm::http
