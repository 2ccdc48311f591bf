// Loading fixture documents and files (see fixtures.hpp).
#include "gcm/wire/fixtures.hpp"

#include "gcm/wire/call_form.hpp"
#include "gcm/wire/requests.hpp"
#include "reader.hpp"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/throw_exception.hpp>
#include <deque>
#include <fstream>
#include <memory>
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

namespace {

// A call at rest, kept as the serialized JSON it was decoded from (in its fixture's text store).
class JsonFrozenCall final : public state::FrozenCall {
public:
    explicit JsonFrozenCall(std::string_view text) : text_(text) {}

    state::Call thaw() const override {
        boost::system::error_code ec;
        json::value doc = json::parse(text_, ec, {}, stored_json_options());
        if (ec)
            throw std::logic_error("a frozen call is not JSON: " + ec.message());
        auto call = decode_call(doc, "$");
        if (!call)
            throw std::logic_error("a frozen call no longer decodes: " + call.error().message);
        return std::move(*call);
    }

private:
    std::string_view text_;
};

// The frozen calls of one fixture and their text, in large blocks: no allocation per call, and
// nothing interleaved with what parsing frees. Each frozen call shares the store's lifetime.
class FrozenStore {
public:
    std::shared_ptr<const state::FrozenCall> add(std::shared_ptr<FrozenStore> self,
                                                 std::string_view text) {
        if (blocks_.empty() || block_size - used_ < text.size()) {
            blocks_.push_back(std::make_unique<char[]>(std::max(block_size, text.size())));
            used_ = 0;
        }
        char* at = blocks_.back().get() + used_;
        std::copy(text.begin(), text.end(), at);
        used_ += text.size();
        calls_.emplace_back(std::string_view(at, text.size()));
        return {std::move(self), &calls_.back()};
    }

private:
    static constexpr std::size_t block_size = 1 << 20;
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t used_ = 0;
    std::deque<JsonFrozenCall> calls_; // stable addresses
};

// Reads {"calls": [...]}, checks every call (ids unique), and hands each to `take` with the
// JSON it came from.
template <class Take> Decoded<std::size_t> read_calls(std::string_view text, Take&& take) {
    boost::system::error_code ec;
    // A fixture may be large: its DOM goes into blocks released together (no fragments left).
    json::monotonic_resource arena;
    json::value doc = json::parse(text, ec, &arena, stored_json_options());
    if (ec)
        return error_at("$", "not valid JSON: " + ec.message());
    if (auto error = non_finite_number(doc, "$"))
        return *error;
    auto root = as_object(doc, "$");
    if (!root)
        return root.error();
    ObjectReader r(**root, "$");
    auto calls = r.optional_array("calls");
    if (!calls)
        return calls.error();
    if (!*calls)
        return std::size_t{0};
    std::set<std::string> ids;
    for (std::size_t i = 0; i < (*calls)->size(); ++i) {
        const auto path = element_path("$.calls", i);
        auto call = decode_call((**calls)[i], path);
        if (!call)
            return call.error();
        if (!ids.insert(call->id()).second)
            return error_at(path + ".id", "duplicate call id '" + call->id() + "'");
        take((**calls)[i], std::move(*call));
    }
    return (*calls)->size();
}

} // namespace

Decoded<Fixture> parse_fixture(std::string_view text) {
    Fixture out;
    auto read = read_calls(
        text, [&](const json::value&, state::Call call) { out.push_back(std::move(call)); });
    if (!read)
        return read.error();
    return out;
}

Decoded<state::Snapshot> parse_fixture_snapshot(std::string_view text) {
    state::Snapshot out;
    auto store = std::make_shared<FrozenStore>();
    auto read = read_calls(text, [&](const json::value& source, state::Call call) {
        auto id = call.id();
        if (state::at_rest(call)) {
            out.push_back({std::move(id), nullptr, store->add(store, json::serialize(source))});
        } else {
            std::vector<state::Call> one;
            one.push_back(std::move(call));
            out.push_back(std::move(state::snapshot_of(std::move(one)).front()));
        }
    });
    if (!read)
        return read.error();
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

namespace gcm::wire {

boost::system::result<state::Snapshot, FixtureError>
load_fixture_snapshot(const std::filesystem::path& where) {
    auto texts = fixture_texts(where);
    if (!texts)
        return texts.error();
    state::Snapshot all;
    std::set<std::string> ids;
    for (auto& [file, text] : *texts) {
        auto fixture = parse_fixture_snapshot(text);
        text = {}; // a large fixture's text goes before the next is read
        if (!fixture)
            return FixtureError{file.string(), fixture.error().path, fixture.error().message};
        for (std::size_t i = 0; i < fixture->size(); ++i) {
            auto& call = (*fixture)[i];
            if (!ids.insert(call.id).second)
                return FixtureError{file.string(), element_path("$.calls", i) + ".id",
                                    "call id '" + call.id + "' is already defined by another file"};
            all.push_back(std::move(call));
        }
    }
    return all;
}

} // namespace gcm::wire
