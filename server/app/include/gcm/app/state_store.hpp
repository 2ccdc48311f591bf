// State that survives a restart (--data-dir): one file per namespace, the default one included,
// holding its calls in fixture form (as GET /_mock/calls exports them), its journal's sequence and
// its persistent fault rules, under an envelope that names the format and its version:
//   {"graphCommsMockState": 1, "namespace": "w3", "journalSequence": 42,
//    "faultRules": [{...as given, "id": "fault-1"}], "fixture": {"calls": [...]}}
// Files are written whole (a temporary file, fsync, rename over, fsync of the directory), so a
// kill at any moment leaves each file as it was or as it is now. The journal's entries are not
// kept: only its numbering carries on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace gcm::app {

class Application;

class StateStore {
public:
    // The directory is made if missing. `app` outlives the store.
    StateStore(Application& app, std::filesystem::path directory);

    // Reads and checks every namespace file of the directory; only when each one is good are they
    // all loaded (before the server listens). Otherwise nothing is loaded and the error names the
    // file and what is wrong with it. Leftover temporary files of an interrupted write are
    // removed.
    std::optional<std::string> load();

    // Writes every namespace that changed since its last save, and removes the files of the
    // namespaces deleted since. Not thread-safe: call it from one thread at a time. A namespace
    // whose file cannot be written is logged and tried again next time; returns how many files
    // could not be written (0: everything is saved).
    std::size_t save();

    // The file of a namespace ("" is the default one): default.json, or ns-<name>.json.
    static std::string file_name(const std::string& namespace_name);

private:
    struct Stamp {
        std::uint64_t instance = 0;
        std::uint64_t changes = 0;
        std::uint64_t journal_sequence = 0;
        friend bool operator==(const Stamp&, const Stamp&) = default;
    };

    Application& app_;
    std::filesystem::path directory_;
    // What each saved namespace looked like when its file was last written.
    std::map<std::string, Stamp> saved_;
};

} // namespace gcm::app
