// Saving namespaces to --data-dir and loading them back (see state_store.hpp).
#include "gcm/app/state_store.hpp"

#include "faults_json.hpp"
#include "gcm/app/application.hpp"
#include "gcm/app/log.hpp"
#include "gcm/wire/call_form.hpp"
#include "gcm/wire/fixtures.hpp"
#include "gcm/wire/graph_json.hpp"
#include "request_target.hpp"
#include "workspace.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace json = boost::json;
namespace fs = std::filesystem;

namespace gcm::app {
namespace {

constexpr std::string_view format_marker = "graphCommsMockState";
constexpr std::int64_t format_version = 1;
constexpr std::string_view temporary_suffix = ".tmp";
// Far below where numbering could wrap; no journal gets anywhere near it.
constexpr std::uint64_t max_journal_sequence = std::uint64_t(1) << 62;

std::string system_error(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

// A namespace name as a request may name one (the same check: parse_target's).
bool is_namespace_name(std::string_view name) {
    const auto path = "/_ns/" + std::string(name) + "/_mock/health";
    const auto target = parse_target(path); // views into `path`
    return !target.refusal && target.namespace_name == name;
}

// Writes `text` to `path` whole or not at all: a temporary file beside it, flushed to the disk,
// renamed over it. The directory's own fsync is the caller's (once for many files).
std::optional<std::string> write_whole(const fs::path& path, std::string_view text) {
    const auto temporary = path.string() + std::string(temporary_suffix);
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return system_error("cannot create " + temporary);
    std::size_t written = 0;
    while (written < text.size()) {
        const auto n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            auto problem = system_error("cannot write " + temporary);
            ::close(fd);
            ::unlink(temporary.c_str());
            return problem;
        }
        written += std::size_t(n);
    }
    if (::fsync(fd) != 0) {
        auto problem = system_error("cannot flush " + temporary);
        ::close(fd);
        ::unlink(temporary.c_str());
        return problem;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        auto problem = system_error("cannot rename " + temporary);
        ::unlink(temporary.c_str());
        return problem;
    }
    return std::nullopt;
}

// Makes renames and removals in `directory` durable.
std::optional<std::string> sync_directory(const fs::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return system_error("cannot open " + directory.string());
    const bool synced = ::fsync(fd) == 0;
    auto problem =
        synced ? std::nullopt : std::optional(system_error("cannot flush " + directory.string()));
    ::close(fd);
    return problem;
}

// One namespace as its file holds it, read in one turn of it.
std::string state_text(Workspace& workspace, const Serial::Turn& turn) {
    json::array calls;
    for (const auto& call : workspace.engine(turn).all_calls())
        calls.push_back(wire::call_export(call));
    json::object envelope{{format_marker, format_version},
                          {"namespace", workspace.name()},
                          {"journalSequence", workspace.journal(turn).last_sequence()},
                          {"faultRules", workspace.faults(turn).persistent()},
                          {"fixture", json::object{{"calls", std::move(calls)}}}};
    return json::serialize(envelope);
}

std::uint64_t last_sequence(Workspace& workspace) {
    return workspace.now(
        [&](const Serial::Turn& turn) { return workspace.journal(turn).last_sequence(); });
}

struct LoadedFile {
    std::string namespace_name;
    Workspace::Saved saved;
};

std::optional<std::string> read_text(const fs::path& path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::string("cannot be read");
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
        return std::string("cannot be read");
    text = std::move(content).str();
    return std::nullopt;
}

std::optional<std::string> read_fault_rules(const json::value& v,
                                            std::vector<std::pair<FaultRule, std::uint64_t>>& out) {
    if (!v.is_array())
        return std::string("'faultRules' must be an array");
    std::set<std::uint64_t> numbers;
    for (std::size_t i = 0; i < v.get_array().size(); ++i) {
        const auto where = "'faultRules[" + std::to_string(i) + "]'";
        const auto& item = v.get_array()[i];
        if (!item.is_object())
            return where + " must be an object";
        json::object definition = item.get_object();
        const auto* id = definition.if_contains("id");
        std::uint64_t number = 0;
        const std::string_view prefix = "fault-";
        if (!id || !id->is_string() || !id->get_string().starts_with(prefix))
            return where + " needs an 'id' of the form fault-<number>";
        const auto digits = std::string(std::string_view(id->get_string()).substr(prefix.size()));
        if (digits.empty() || digits.size() > 18 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            return where + " needs an 'id' of the form fault-<number>";
        number = std::stoull(digits);
        if (number == 0 || !numbers.insert(number).second)
            return where + ": its id is zero or not unique";
        definition.erase("id");
        auto rule = fault_rule_from_json(definition);
        if (auto* problem = std::get_if<std::string>(&rule))
            return where + ": " + *problem;
        if (!std::get<FaultRule>(rule).persistent)
            return where + " is not persistent (only persistent rules are saved)";
        out.emplace_back(std::move(std::get<FaultRule>(rule)), number);
    }
    return std::nullopt;
}

// Everything a file holds, checked; or what is wrong with it.
std::optional<std::string> read_state(const std::string& text, const std::string& file_name,
                                      LoadedFile& out) {
    boost::system::error_code ec;
    auto options = wire::stored_json_options(); // the envelope holds a fixture one level down
    options.max_depth += 1;
    auto parsed = json::parse(text, ec, {}, options);
    if (ec)
        return "not JSON (" + ec.message() + "): truncated or corrupt";
    const auto* envelope = parsed.if_object();
    const auto* marker = envelope ? envelope->if_contains(format_marker) : nullptr;
    if (!marker)
        return "not a graph-comms-mock state file (no \"" + std::string(format_marker) +
               "\" member)";
    if (!marker->is_int64() || marker->as_int64() != format_version)
        return "state format version " + json::serialize(*marker) + ", but this build reads " +
               std::to_string(format_version);
    for (const auto& [key, value] : *envelope)
        if (key != format_marker && key != "namespace" && key != "journalSequence" &&
            key != "faultRules" && key != "fixture")
            return "unknown member '" + std::string(key) + "'";
    const auto* name = envelope->if_contains("namespace");
    if (!name || !name->is_string())
        return std::string("'namespace' must be a string");
    out.namespace_name = std::string(name->get_string());
    if (!out.namespace_name.empty() && !is_namespace_name(out.namespace_name))
        return "'namespace' is not a namespace name: '" + out.namespace_name + "'";
    if (StateStore::file_name(out.namespace_name) != file_name)
        return "it holds namespace '" + out.namespace_name + "', whose file is " +
               StateStore::file_name(out.namespace_name);
    const auto* sequence = envelope->if_contains("journalSequence");
    if (!sequence ||
        !(sequence->is_uint64() || (sequence->is_int64() && sequence->as_int64() >= 0)) ||
        sequence->to_number<std::uint64_t>() > max_journal_sequence)
        return std::string("'journalSequence' must be a non-negative integer");
    out.saved.journal_sequence = sequence->to_number<std::uint64_t>();
    const auto* rules = envelope->if_contains("faultRules");
    if (!rules)
        return std::string("'faultRules' is missing");
    if (auto problem = read_fault_rules(*rules, out.saved.fault_rules))
        return problem;
    const auto* fixture = envelope->if_contains("fixture");
    if (!fixture)
        return std::string("'fixture' is missing");
    auto calls = wire::parse_fixture_snapshot(json::serialize(*fixture));
    if (!calls)
        return "'fixture': " + calls.error().describe();
    out.saved.calls = std::move(*calls);
    return std::nullopt;
}

} // namespace

StateStore::StateStore(Application& app, fs::path directory)
    : app_(app), directory_(std::move(directory)) {}

std::string StateStore::file_name(const std::string& namespace_name) {
    return namespace_name.empty() ? "default.json" : "ns-" + namespace_name + ".json";
}

std::optional<std::string> StateStore::load() {
    std::error_code ec;
    fs::create_directories(directory_, ec);
    if (ec)
        return directory_.string() + ": cannot be made: " + ec.message();
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(directory_, ec)) {
        const auto& path = entry.path();
        const auto name = path.filename().string();
        if (name.ends_with(temporary_suffix)) {
            std::error_code ignored; // an interrupted write: the file it was to replace stands
            fs::remove(path, ignored);
            continue;
        }
        if (path.extension() == ".json")
            files.push_back(path);
    }
    if (ec)
        return directory_.string() + ": cannot be read: " + ec.message();
    // Everything read and checked first: one bad file and nothing is loaded.
    std::vector<LoadedFile> loaded(files.size());
    std::size_t named = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::string text;
        auto problem = read_text(files[i], text);
        if (!problem)
            problem = read_state(text, files[i].filename().string(), loaded[i]);
        if (problem)
            return files[i].string() + ": " + *problem + "; nothing was loaded";
        named += loaded[i].namespace_name.empty() ? 0 : 1;
    }
    if (named > app_.config().max_namespaces)
        return directory_.string() + " holds " + std::to_string(named) +
               " namespaces, more than --max-namespaces (" +
               std::to_string(app_.config().max_namespaces) + "); nothing was loaded";
    auto& namespaces = app_.namespaces();
    for (auto& file : loaded) {
        auto workspace = file.namespace_name.empty()
                             ? namespaces.default_namespace().lease()
                             : namespaces.find_or_create(file.namespace_name);
        workspace->restore(file.saved);
        // Its file holds what it holds now.
        saved_[file.namespace_name] = {workspace->instance(), workspace->changes(),
                                       last_sequence(*workspace)};
    }
    return std::nullopt;
}

std::size_t StateStore::save() {
    std::size_t failed = 0;
    bool touched = false;
    std::set<std::string> present;
    for (const auto& workspace : app_.namespaces().all()) {
        present.insert(workspace->name());
        // Read before the state: a change made meanwhile makes the next save write it again.
        const Stamp stamp{workspace->instance(), workspace->changes(), last_sequence(*workspace)};
        if (auto it = saved_.find(workspace->name()); it != saved_.end() && it->second == stamp)
            continue;
        std::optional<std::string> problem;
        try {
            auto text = workspace->now(
                [&](const Serial::Turn& turn) { return state_text(*workspace, turn); });
            problem = write_whole(directory_ / file_name(workspace->name()), text);
        } catch (const std::exception& e) {
            problem = e.what();
        }
        touched = true;
        if (problem) {
            log_error("--data-dir: namespace '" + workspace->name() + "' not saved: " + *problem);
            ++failed;
            continue;
        }
        saved_[workspace->name()] = stamp;
    }
    for (auto it = saved_.begin(); it != saved_.end();) {
        if (present.contains(it->first)) {
            ++it;
            continue;
        }
        std::error_code ec;
        fs::remove(directory_ / file_name(it->first), ec);
        touched = true;
        if (ec) {
            log_error("--data-dir: cannot remove the file of deleted namespace '" + it->first +
                      "': " + ec.message());
            ++failed;
            ++it;
            continue;
        }
        it = saved_.erase(it);
    }
    if (touched)
        if (auto problem = sync_directory(directory_)) {
            log_error("--data-dir: " + *problem);
            ++failed;
        }
    return failed;
}

} // namespace gcm::app
