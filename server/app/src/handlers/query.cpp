// Query parameters (see query.hpp).
#include "query.hpp"

#include <charconv>

namespace gcm::app::handlers {
namespace {

int hex(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
                   hex(text[i + 2]) >= 0) {
            out += char(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::vector<std::pair<std::string, std::string>> query_params(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto param = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (param.empty())
            continue;
        const auto eq = param.find('=');
        out.emplace_back(decoded(param.substr(0, eq)), eq == std::string_view::npos
                                                           ? std::string{}
                                                           : decoded(param.substr(eq + 1)));
    }
    return out;
}

std::uint64_t since_of(std::string_view query) {
    constexpr std::string_view key = "since=";
    auto at = query.find(key);
    if (at != 0 && (at == std::string_view::npos || query[at - 1] != '&'))
        return 0;
    auto value = query.substr(at + key.size());
    std::uint64_t since = 0;
    std::from_chars(value.data(), value.data() + value.size(), since);
    return since;
}

} // namespace gcm::app::handlers
