// The inspector's files (server/app/ui/), compiled in at build time by
// server/app/embed_assets.cmake, so the binary serves its page offline, from nothing but itself.
#pragma once

#include <span>
#include <string_view>

namespace gcm::app {

struct UiAsset {
    std::string_view name;         // "index.html", "app.js", ...
    std::string_view content_type; // from the file's extension
    std::string_view bytes;
};

std::span<const UiAsset> ui_assets();
// The asset named so (null: none).
const UiAsset* find_ui_asset(std::string_view name);

} // namespace gcm::app
