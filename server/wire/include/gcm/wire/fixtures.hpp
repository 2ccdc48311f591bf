// Fixture files: Graph's own shapes under {"calls": [...]}, with mock-only settings under `_mock`
// (docs/fixtures.md; fixtures/schema.json). Errors name the file and the JSON path.
#pragma once

#include "gcm/state/call.hpp"
#include "gcm/state/snapshot.hpp"
#include "gcm/wire/decode.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace gcm::wire {

struct FixtureError {
    std::string file;
    std::string path;
    std::string message;
    std::string describe() const; // "file: path: message"
};

[[noreturn]] void throw_exception_from_error(const FixtureError& e,
                                             const boost::source_location& loc);

using Fixture = std::vector<state::Call>;

// One fixture document from text.
Decoded<Fixture> parse_fixture(std::string_view text);

// A fixture file, or every *.json file of a folder (in name order; call ids must be unique).
boost::system::result<Fixture, FixtureError> load_fixtures(const std::filesystem::path& where);

// The same as a snapshot for the engine to share: calls at rest (state::at_rest) stay frozen as
// their JSON text, decoded again when a request first touches them; the others are decoded
// once. Checked exactly as parse_fixture checks.
Decoded<state::Snapshot> parse_fixture_snapshot(std::string_view text);
boost::system::result<state::Snapshot, FixtureError>
load_fixture_snapshot(const std::filesystem::path& where);

// The fixture files `where` names (itself, or a folder's *.json but schema.json), in name order,
// with their text; the error names what cannot be read.
boost::system::result<std::vector<std::pair<std::filesystem::path, std::string>>, FixtureError>
fixture_texts(const std::filesystem::path& where);

} // namespace gcm::wire
