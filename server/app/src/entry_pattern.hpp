// What a wait or GET /_mock/requests looks for in the journal: entries of one kind (requests,
// notification deliveries, call states, operations) and the conditions their JSON form must
// meet. A pattern also says how near an entry came: which conditions it met and what differed,
// for a wait's near misses.
#pragma once

#include "path_pattern.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gcm::app {

enum class EntryKind { request, notification, call_state, operation };

// "request", "notification", "callState", "operation"
std::string_view to_string(EntryKind kind) noexcept;
std::optional<EntryKind> entry_kind_from_string(std::string_view name) noexcept;

struct Difference {
    std::string field;           // as the pattern names it: "callId", "body.clientContext"
    boost::json::value expected; // what the pattern asked for
    std::optional<boost::json::value> actual; // none: the entry has no such member
};

class EntryPattern {
public:
    explicit EntryPattern(EntryKind kind) : kind_(kind) {}

    // The pattern of a wait's "match" object; or a message naming the member at fault, under
    // `where` ("match"). Unknown members are refused, so a misspelt one cannot match everything.
    static std::variant<EntryPattern, std::string>
    from_json(EntryKind kind, const boost::json::object& match, const std::string& where);
    // Adds one condition, as from_json reads it; or says why it cannot (for query parameters).
    std::optional<std::string> add(std::string_view field, const boost::json::value& expected,
                                   const std::string& where);

    EntryKind kind() const { return kind_; }
    std::size_t conditions() const { return conditions_.size(); }

    struct Verdict {
        bool of_kind = false; // an entry of the pattern's kind (the rest is empty otherwise)
        std::size_t met = 0;
        std::vector<Difference> differences;
        bool matched() const { return of_kind && differences.empty(); }
    };
    Verdict judge(const boost::json::object& entry) const;
    bool matches(const boost::json::object& entry) const { return judge(entry).matched(); }
    // What the entry is about for this kind: the operation for an operation; else the entry.
    const boost::json::object* subject(const boost::json::object& entry) const;

private:
    enum class Test { text, text_ignoring_case, path, number, subset, type_name };
    struct Condition {
        std::string field;
        std::string member; // of the subject (or of the entry, when `on_entry`)
        bool on_entry = false;
        Test test = Test::text;
        boost::json::value expected;
        std::optional<PathPattern> pattern;
    };
    // Whether `actual` (null: missing) meets `c`; if not, adds what differed to `out`.
    static bool meets(const Condition& c, const boost::json::value* actual,
                      std::vector<Difference>& out);

    EntryKind kind_;
    std::vector<Condition> conditions_;
};

} // namespace gcm::app
