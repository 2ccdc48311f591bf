// The DOM and text back ends of the encoders (see builders.hpp).
#include "builders.hpp"

#include "gcm/wire/graph_json.hpp"

namespace gcm::wire {

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    auto plain = s.begin();
    for (auto it = s.begin(); it != s.end(); ++it) {
        const auto c = static_cast<unsigned char>(*it);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(plain, it);
        plain = it + 1;
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
    out.append(plain, s.end());
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
    for (auto k : keys_)
        if (k == key)
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
