// A parsed Beast request seen as the application's app::Request: views into the message, which
// must outlive it. The one conversion the session and the HTTP fuzzer share. Includes Beast's
// message types: keep it out of widely included headers.
#pragma once

#include "gcm/app/http_types.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace gcm::http {

app::Method method_of(boost::beast::http::verb verb) noexcept;

app::Request
request_view(const boost::beast::http::request<boost::beast::http::string_body>& message);

} // namespace gcm::http
