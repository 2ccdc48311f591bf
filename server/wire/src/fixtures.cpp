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

namespace {

boost::system::result<Fixture, FixtureError> load_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return FixtureError{file.string(), "", "cannot be read"};
    std::ostringstream text;
    text << in.rdbuf();
    auto fixture = parse_fixture(text.str());
    if (!fixture)
        return FixtureError{file.string(), fixture.error().path, fixture.error().message};
    return std::move(*fixture);
}

} // namespace

boost::system::result<Fixture, FixtureError> load_fixtures(const std::filesystem::path& where) {
    std::error_code ec;
    if (!std::filesystem::is_directory(where, ec))
        return load_file(where);
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(where, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json" &&
            entry.path().filename() != "schema.json")
            files.push_back(entry.path());
    if (ec)
        return FixtureError{where.string(), "", "cannot be listed: " + ec.message()};
    std::sort(files.begin(), files.end());
    Fixture all;
    std::set<std::string> ids;
    for (const auto& file : files) {
        auto fixture = load_file(file);
        if (!fixture)
            return fixture.error();
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
