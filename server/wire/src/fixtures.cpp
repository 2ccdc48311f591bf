// Loading fixture documents and files (see fixtures.hpp).
#include "gcm/wire/fixtures.hpp"

#include "reader.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/throw_exception.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace json = boost::json;

namespace gcm::wire {

std::string FixtureError::describe() const {
    std::string out = file;
    if (!path.empty())
        out += ": " + path;
    return out + ": " + message;
}

void throw_exception_from_error(const FixtureError& e, const boost::source_location& loc) {
    boost::throw_exception(std::runtime_error(e.describe()), loc);
}

Decoded<Fixture> parse_fixture(std::string_view text) {
    boost::system::error_code ec;
    json::value doc = json::parse(text, ec);
    if (ec)
        return error_at("$", "not valid JSON: " + ec.message());
    auto root = as_object(doc, "$");
    if (!root)
        return root.error();
    ObjectReader r(**root, "$");
    auto calls = r.optional_array("calls");
    if (!calls)
        return calls.error();
    Fixture out;
    if (!*calls)
        return out;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < (*calls)->size(); ++i) {
        const auto path = element_path("$.calls", i);
        auto call = decode_call((**calls)[i], path);
        if (!call)
            return call.error();
        if (!ids.insert(call->id()).second)
            return error_at(path + ".id", "duplicate call id '" + call->id() + "'");
        out.push_back(std::move(*call));
    }
    return out;
}

boost::system::result<std::vector<std::pair<std::filesystem::path, std::string>>, FixtureError>
fixture_texts(const std::filesystem::path& where) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::is_directory(where, ec)) {
        files.push_back(where);
    } else {
        for (const auto& entry : std::filesystem::directory_iterator(where, ec))
            if (entry.is_regular_file() && entry.path().extension() == ".json" &&
                entry.path().filename() != "schema.json")
                files.push_back(entry.path());
        if (ec)
            return FixtureError{where.string(), "", "cannot be listed: " + ec.message()};
        std::sort(files.begin(), files.end());
    }
    std::vector<std::pair<std::filesystem::path, std::string>> out;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            return FixtureError{file.string(), "", "cannot be read"};
        std::ostringstream text;
        text << in.rdbuf();
        out.emplace_back(file, text.str());
    }
    return out;
}

boost::system::result<Fixture, FixtureError> load_fixtures(const std::filesystem::path& where) {
    auto texts = fixture_texts(where);
    if (!texts)
        return texts.error();
    Fixture all;
    std::set<std::string> ids;
    for (const auto& [file, text] : *texts) {
        auto fixture = parse_fixture(text);
        if (!fixture)
            return FixtureError{file.string(), fixture.error().path, fixture.error().message};
        for (std::size_t i = 0; i < fixture->size(); ++i) {
            auto& call = (*fixture)[i];
            if (!ids.insert(call.id()).second)
                return FixtureError{file.string(), element_path("$.calls", i) + ".id",
                                    "call id '" + call.id() +
                                        "' is already defined by another file"};
            all.push_back(std::move(call));
        }
    }
    return all;
}

} // namespace gcm::wire
