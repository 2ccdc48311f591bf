// The DOM and text back ends of the encoders (see builders.hpp).
#include "builders.hpp"

#include "gcm/wire/odata.hpp"

#include <cstdint>
#include <cstring>

namespace gcm::wire {

namespace {

// Whether any of the 8 bytes of `w` is a control character, '"' or '\\' (SWAR: the usual
// has-less-than and has-zero-byte tricks on the word).
bool needs_escape(std::uint64_t w) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto below_space = (w - ones * 0x20) & ~w & highs;
    const auto q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    const auto quote = (q - ones) & ~q & highs;
    const auto backslash = (b - ones) & ~b & highs;
    return (below_space | quote | backslash) != 0;
}

void append_escaped(std::string& out, unsigned char c) {
    static constexpr char hex[] = "0123456789abcdef";
    switch (c) {
    case '"':
        out += "\\\"";
        break;
    case '\\':
        out += "\\\\";
        break;
    case '\b':
        out += "\\b";
        break;
    case '\f':
        out += "\\f";
        break;
    case '\n':
        out += "\\n";
        break;
    case '\r':
        out += "\\r";
        break;
    case '\t':
        out += "\\t";
        break;
    default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
}

} // namespace

bool plain_json(std::string_view s) noexcept {
    const char* p = s.data();
    const char* const end = p + s.size();
    for (; end - p >= 8; p += 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        if (needs_escape(w))
            return false;
    }
    for (; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c < 0x20 || c == '"' || c == '\\')
            return false;
    }
    return true;
}

void append_json_string(std::string& out, std::string_view s) {
    if (plain_json(s)) {
        out += '"';
        out += s;
        out += '"';
        return;
    }
    out += '"';
    const char* p = s.data();
    const char* const end = p + s.size();
    const char* plain = p;
    while (p != end) {
        // Eight plain bytes at a time, the usual case.
        if (end - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if (!needs_escape(w)) {
                p += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++p;
            continue;
        }
        out.append(plain, p);
        append_escaped(out, c);
        plain = ++p;
    }
    out.append(plain, end);
    out += '"';
}

void DomObject::type(std::string_view name) {
    auto& text = o_["@odata.type"].emplace_string();
    text.reserve(graph_namespace.size() + name.size());
    text.append(graph_namespace);
    text.append(name);
}

void TextObject::type(std::string_view name) {
    key("@odata.type");
    out_ += '"';
    out_ += graph_namespace;
    out_ += name; // type names need no escaping
    out_ += '"';
}

bool TextObject::contains(std::string_view key) const {
    // Length and first letter first: most names differ there, and memcmp is a call.
    for (auto k : keys_)
        if (k.size() == key.size() && (k.empty() || k.front() == key.front()) && k == key)
            return true;
    return false;
}

void TextObject::complete(std::span<const Property> properties) {
    for (const auto& p : properties) {
        if (contains(p.name))
            continue;
        switch (p.unset) {
        case Property::Unset::null:
            null(p.name);
            break;
        case Property::Unset::empty_array:
            raw(p.name, "[]");
            break;
        case Property::Unset::false_value:
            boolean(p.name, false);
            break;
        case Property::Unset::none_text:
            str(p.name, "none");
            break;
        }
    }
}

} // namespace gcm::wire
