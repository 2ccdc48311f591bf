// GET /_mock/openapi.json: the control plane described in OpenAPI 3.1. The document is
// server/app/openapi.json, compiled in at build time (openapi.cpp.in).
#pragma once

#include <string_view>

namespace gcm::app {

std::string_view openapi_document();

} // namespace gcm::app
