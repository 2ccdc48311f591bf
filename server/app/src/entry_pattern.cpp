// Journal entry patterns (see entry_pattern.hpp).
#include "entry_pattern.hpp"

#include "gcm/state/ascii.hpp"

#include <span>

namespace json = boost::json;

namespace gcm::app {
namespace {

struct Field {
    std::string_view name;
    std::string_view member; // "" for operation's body: the operation itself
    bool on_entry;
    int test; // EntryPattern::Test, as int to stay private
};

// Which fields each kind takes, what member of the entry's JSON form (journal.cpp) they read,
// and how they compare. Order of the Test enum: text, text_ignoring_case, path, number, subset,
// type_name.
constexpr int text = 0, ignoring_case = 1, path = 2, number = 3, subset = 4, type_name = 5;

constexpr Field request_fields[] = {
    {"method", "method", true, ignoring_case},
    {"path", "path", true, path},
    {"callId", "callId", true, text},
    {"status", "status", true, number},
    {"body", "body", true, subset},
};
constexpr Field notification_fields[] = {
    {"callId", "callId", true, text},           {"changeType", "changeType", true, ignoring_case},
    {"resourceUrl", "resourceUrl", true, path}, {"outcome", "outcome", true, ignoring_case},
    {"status", "status", true, number},         {"body", "notification", true, subset},
};
constexpr Field call_state_fields[] = {
    {"callId", "callId", true, text},
    {"state", "state", true, ignoring_case},
    {"resultInfo", "resultInfo", true, subset},
};
constexpr Field operation_fields[] = {
    {"callId", "callId", true, text},
    {"id", "id", false, text},
    {"status", "status", false, ignoring_case},
    {"type", "@odata.type", false, type_name},
    {"clientContext", "clientContext", false, text},
    {"body", "", false, subset},
};

std::span<const Field> fields_of(EntryKind kind) {
    switch (kind) {
    case EntryKind::request:
        return request_fields;
    case EntryKind::notification:
        return notification_fields;
    case EntryKind::call_state:
        return call_state_fields;
    case EntryKind::operation:
        break;
    }
    return operation_fields;
}

std::string field_names(EntryKind kind) {
    std::string out;
    for (const auto& f : fields_of(kind)) {
        if (!out.empty())
            out += ", ";
        out += f.name;
    }
    return out;
}

bool numbers_equal(const json::value& a, const json::value& b) {
    if (!a.is_number() || !b.is_number())
        return false;
    if (a.is_double() || b.is_double())
        return a.to_number<double>() == b.to_number<double>();
    if (a.is_uint64() || b.is_uint64()) {
        boost::system::error_code ea, eb;
        const auto x = a.to_number<std::uint64_t>(ea), y = b.to_number<std::uint64_t>(eb);
        return !ea && !eb && x == y;
    }
    return a.as_int64() == b.as_int64();
}

// Is `want` a subset of `got`: objects member by member, arrays element by element (each wanted
// element like some element got, in any order), anything else equal. On the first difference,
// records where (`at`, a dotted path) and returns false.
bool is_subset(const json::value& want, const json::value* got, const std::string& at,
               std::vector<Difference>& out) {
    auto differ = [&] {
        out.push_back({at, want, got ? std::optional<json::value>(*got) : std::nullopt});
        return false;
    };
    if (!got)
        return differ();
    if (want.is_object()) {
        if (!got->is_object())
            return differ();
        for (const auto& [key, value] : want.as_object())
            if (!is_subset(value, got->as_object().if_contains(key), at + "." + std::string(key),
                           out))
                return false;
        return true;
    }
    if (want.is_array()) {
        if (!got->is_array())
            return differ();
        for (const auto& element : want.as_array()) {
            bool found = false;
            for (const auto& candidate : got->as_array()) {
                std::vector<Difference> ignored;
                if (is_subset(element, &candidate, at, ignored)) {
                    found = true;
                    break;
                }
            }
            if (!found)
                return differ();
        }
        return true;
    }
    if (want.is_number() ? numbers_equal(want, *got) : want == *got)
        return true;
    return differ();
}

} // namespace

std::string_view to_string(EntryKind kind) noexcept {
    switch (kind) {
    case EntryKind::request:
        return "request";
    case EntryKind::notification:
        return "notification";
    case EntryKind::call_state:
        return "callState";
    case EntryKind::operation:
        break;
    }
    return "operation";
}

std::optional<EntryKind> entry_kind_from_string(std::string_view name) noexcept {
    for (auto kind :
         {EntryKind::request, EntryKind::notification, EntryKind::call_state, EntryKind::operation})
        if (to_string(kind) == name)
            return kind;
    return std::nullopt;
}

std::variant<EntryPattern, std::string>
EntryPattern::from_json(EntryKind kind, const json::object& match, const std::string& where) {
    EntryPattern out(kind);
    for (const auto& [key, value] : match)
        if (auto problem = out.add(key, value, where))
            return std::move(*problem);
    return out;
}

std::optional<std::string> EntryPattern::add(std::string_view name, const json::value& expected,
                                             const std::string& where) {
    const auto at = where + "." + std::string(name);
    for (const auto& f : fields_of(kind_)) {
        if (f.name != name)
            continue;
        Condition c{std::string(f.name),
                    std::string(f.member),
                    f.on_entry,
                    static_cast<Test>(f.test),
                    expected,
                    std::nullopt};
        switch (c.test) {
        case Test::text:
        case Test::text_ignoring_case:
        case Test::type_name:
            if (!expected.is_string())
                return "'" + at + "' must be a string";
            break;
        case Test::path: {
            if (!expected.is_string())
                return "'" + at + "' must be a string (a path pattern)";
            auto pattern = PathPattern::parse(expected.as_string());
            if (auto* problem = std::get_if<std::string>(&pattern))
                return "'" + at + "' " + *problem;
            c.pattern = std::move(std::get<PathPattern>(pattern));
            break;
        }
        case Test::number:
            if (!expected.is_int64() && !expected.is_uint64())
                return "'" + at + "' must be an integer";
            break;
        case Test::subset:
            break;
        }
        conditions_.push_back(std::move(c));
        return std::nullopt;
    }
    return "'" + at + "' is not something a " + std::string(to_string(kind_)) + " can match: use " +
           field_names(kind_);
}

const json::object* EntryPattern::subject(const json::object& entry) const {
    const auto* kind = entry.if_contains("kind");
    if (!kind || !kind->is_string())
        return nullptr;
    const std::string_view k = kind->get_string();
    switch (kind_) {
    case EntryKind::request:
        return k == "request" ? &entry : nullptr;
    case EntryKind::notification:
        return k == "delivery" ? &entry : nullptr;
    case EntryKind::call_state:
        return k == "callStateChanged" ? &entry : nullptr;
    case EntryKind::operation:
        break;
    }
    // An operation finished, or a request answered with one (running, or completed at once).
    if (k == "operationFinished") {
        const auto* op = entry.if_contains("operation");
        return op && op->is_object() ? &op->get_object() : nullptr;
    }
    if (k == "request") {
        const auto* response = entry.if_contains("response");
        if (!response || !response->is_object())
            return nullptr;
        const auto* type = response->get_object().if_contains("@odata.type");
        if (type && type->is_string()) {
            const std::string_view t = type->get_string();
            if (t.size() >= 9 && state::iequals(t.substr(t.size() - 9), "Operation"))
                return &response->get_object();
        }
    }
    return nullptr;
}

bool EntryPattern::meets(const Condition& c, const json::value* actual,
                         std::vector<Difference>& out) {
    auto differ = [&] {
        out.push_back({c.field, c.expected, actual ? std::optional(*actual) : std::nullopt});
        return false;
    };
    switch (c.test) {
    case Test::subset:
        return is_subset(c.expected, actual, c.field, out);
    case Test::number:
        return actual && numbers_equal(c.expected, *actual) ? true : differ();
    default:
        break;
    }
    if (!actual || !actual->is_string())
        return differ();
    const std::string_view got = actual->get_string(), want = c.expected.get_string();
    bool ok = false;
    switch (c.test) {
    case Test::text:
        ok = got == want;
        break;
    case Test::text_ignoring_case:
        ok = state::iequals(got, want);
        break;
    case Test::path:
        ok = c.pattern->matches(path_in_namespace(got));
        break;
    case Test::type_name: {
        constexpr std::string_view prefix = "#microsoft.graph.";
        auto strip = [&](std::string_view s) {
            return state::istarts_with(s, prefix) ? s.substr(prefix.size()) : s;
        };
        ok = state::iequals(strip(got), strip(want));
        break;
    }
    default:
        break;
    }
    return ok ? true : differ();
}

EntryPattern::Verdict EntryPattern::judge(const json::object& entry) const {
    Verdict v;
    const auto* subject = this->subject(entry);
    if (!subject)
        return v;
    v.of_kind = true;
    for (const auto& c : conditions_) {
        const json::object& from = c.on_entry ? entry : *subject;
        const json::value* actual = nullptr;
        json::value whole;
        if (c.member.empty()) {
            whole = from; // the operation itself
            actual = &whole;
        } else {
            actual = from.if_contains(c.member);
        }
        if (meets(c, actual, v.differences))
            ++v.met;
    }
    return v;
}

} // namespace gcm::app
