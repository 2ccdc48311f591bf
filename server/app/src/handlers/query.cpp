// Query parameters (see query.hpp).
#include "query.hpp"

#include <boost/url/parse_query.hpp>
#include <charconv>

namespace gcm::app::handlers {

std::optional<std::vector<std::pair<std::string, std::string>>>
query_params(std::string_view query) {
    auto parsed = boost::urls::parse_query(query);
    if (!parsed)
        return std::nullopt;
    boost::urls::encoding_opts form;
    form.space_as_plus = true;
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& param : *parsed)
        if (!param.key.empty())
            out.emplace_back(param.key.decode(form), param.value.decode(form));
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
