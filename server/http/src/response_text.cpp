// The response writer (see response_text.hpp).
#include "response_text.hpp"

#include <boost/beast/http/status.hpp>
#include <charconv>
#include <cstring>

namespace gcm::http {
namespace {

void append_number(std::string& out, std::size_t n) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out.append(digits, end);
}

// A CR or LF would end the header early; they cannot come from a parsed request, but a value
// is never trusted to be one line.
void append_header_value(std::string& out, std::string_view value) {
    const bool one_line = !std::memchr(value.data(), '\r', value.size()) &&
                          !std::memchr(value.data(), '\n', value.size());
    if (one_line)
        return void(out.append(value));
    for (char c : value)
        if (c != '\r' && c != '\n')
            out.push_back(c);
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
    out.append(name);
    out.append(": ");
    append_header_value(out, value);
    out.append("\r\n");
}

// What never changes is rendered once: the constant headers, and the JSON Content-Type line.
const std::string& constant_lines() {
    static const std::string lines = [] {
        std::string out;
        for (const auto& [name, value] : app::constant_headers())
            append_header(out, name, value);
        return out;
    }();
    return lines;
}

const std::string& content_type_line() {
    static const std::string line = [] {
        std::string out;
        append_header(out, "Content-Type", app::json_content_type());
        return out;
    }();
    return line;
}

// The status line and every header but the framing ones.
void write_head_lines(const app::Response& response, std::string& out) {
    namespace bhttp = boost::beast::http;
    out.clear();
    out.append("HTTP/1.1 ");
    append_number(out, response.status);
    out.push_back(' ');
    auto reason = bhttp::obsolete_reason(bhttp::int_to_status(response.status));
    out.append(reason.data(), reason.size());
    out.append("\r\n");
    app::for_each_varying_header(response, [&out](std::string_view name, std::string_view value) {
        append_header(out, name, value);
    });
    out.append(constant_lines());
}

} // namespace

void write_response_text(const app::Response& response, Framing framing, std::string& out) {
    write_head_lines(response, out);
    const unsigned status = response.status;
    const bool has_content = status != 204 && status != 304 && status >= 200;
    if (has_content) {
        if (!response.content_type.empty())
            append_header(out, "Content-Type", response.content_type);
        else if (!response.body.empty())
            out.append(content_type_line());
        // For a HEAD, the length the body would have had (RFC 9110 §8.6).
        out.append("Content-Length: ");
        append_number(out, response.body.size());
        out.append("\r\n");
    }
    if (!framing.keep_alive)
        out.append("Connection: close\r\n\r\n");
    else
        out.append(framing.http10 ? "Connection: keep-alive\r\n\r\n" : "\r\n");
    if (has_content && !framing.head)
        out.append(response.body);
}

void write_stream_head(const app::Response& response, Framing framing, bool chunked,
                       std::string& out) {
    write_head_lines(response, out);
    if (!response.content_type.empty())
        append_header(out, "Content-Type", response.content_type);
    if (chunked)
        out.append("Transfer-Encoding: chunked\r\n");
    out.append(chunked && framing.keep_alive ? "\r\n" : "Connection: close\r\n\r\n");
}

void append_chunk(std::string& out, std::string_view data) {
    if (data.empty())
        return;
    char digits[16];
    auto end = std::to_chars(digits, digits + sizeof digits, data.size(), 16).ptr;
    out.append(digits, end);
    out.append("\r\n");
    out.append(data);
    out.append("\r\n");
}

void append_last_chunk(std::string& out) {
    out.append("0\r\n\r\n");
}

} // namespace gcm::http