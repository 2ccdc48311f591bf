// Writes an app::Response as HTTP/1.1 bytes into a buffer the session reuses: one contiguous
// write per response, without Beast's field container and serializer on the hot path.
#pragma once

#include "gcm/app/http_types.hpp"

#include <string>

namespace gcm::http {

struct Framing {
    bool keep_alive = true; // false: "Connection: close", and the connection ends after it
    bool head = false;      // the answer to a HEAD: headers only (RFC 9110 §9.3.2)
    // An HTTP/1.0 client's connection kept open: said with "Connection: keep-alive", without
    // which a 1.0 client takes the connection to close after the response (RFC 9112 §9.3).
    bool http10 = false;
};

// Replaces `out` with the status line, the response's headers, Content-Length (none on a 204, a
// 304 or a 1xx, which have no content: RFC 9110 §8.6), Connection: close when the connection
// ends, and the body unless the status or a HEAD forbids one. `out` keeps its capacity.
void write_response_text(const app::Response& response, Framing framing, std::string& out);

// The head of a response whose body is streamed (app::Response::stream): no Content-Length, as
// its length is not known. `chunked` (an HTTP/1.1 client): Transfer-Encoding: chunked, and the
// connection may carry on after the last chunk; otherwise (HTTP/1.0) the body ends when the
// connection closes (RFC 9112 §6.3), and the head says Connection: close.
void write_stream_head(const app::Response& response, Framing framing, bool chunked,
                       std::string& out);
// Appends `data` as one chunk (nothing when it is empty: a zero-size chunk would end the body).
void append_chunk(std::string& out, std::string_view data);
// Appends the last chunk, which ends a chunked body.
void append_last_chunk(std::string& out);

} // namespace gcm::http
