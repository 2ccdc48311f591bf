// The two back ends of the wire layer's one encoding (graph_json.cpp): the encoders are written
// once, against the object-builder interface below, and fill either a Boost.JSON DOM (for what is
// changed after it is built: $select, exports, the control plane) or JSON text directly (for the
// fixed-shape answers and notifications of the hot paths: no DOM, no allocation per member).
// Both complete an object from its type's property table (properties.hpp) and write the same
// bytes: tests/wire/encode_tests.cpp compares them. Private to the wire library.
#pragma once

#include "properties.hpp"

#include <boost/container/small_vector.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace gcm::wire {

// Appends `s` as a JSON string, escaped as Boost.JSON's serializer escapes it.
void append_json_string(std::string& out, std::string_view s);
// Whether `s` needs no escaping in JSON (no control character, '"' or '\\').
bool plain_json(std::string_view s) noexcept;

// Builds into a json::object: a member set twice keeps its first place (the DOM's semantics).
class DomObject {
public:
    explicit DomObject(boost::json::object& o) : o_(o) {}

    void str(std::string_view key, std::string_view value) { o_[key] = value; }
    void num(std::string_view key, std::int64_t value) { o_[key] = value; }
    void boolean(std::string_view key, bool value) { o_[key] = value; }
    void null(std::string_view key) { o_[key] = nullptr; }
    // "@odata.type" of a Graph type, without a temporary std::string.
    void type(std::string_view name);
    template <class Fill> void object(std::string_view key, Fill&& fill) {
        auto& child = o_[key].emplace_object();
        child.reserve(10);
        DomObject inner(child);
        fill(inner);
    }
    template <class Fill> void array(std::string_view key, Fill&& fill) {
        auto& items = o_[key].emplace_array();
        Items inner(items);
        fill(inner);
    }
    bool contains(std::string_view key) const { return o_.contains(key); }
    // A member whose value is already a DOM.
    void value(std::string_view key, boost::json::value v) { o_[key] = std::move(v); }
    void complete(std::span<const Property> properties) { wire::complete(o_, properties); }
    // Completes the object member `key` (the passthrough's, as the client sent it), if there is
    // one; and each object element of the array member `key`.
    void complete_member(std::string_view key, std::span<const Property> properties) {
        if (auto* v = o_.if_contains(key); v && v->is_object())
            wire::complete(v->get_object(), properties);
    }
    void complete_elements(std::string_view key, std::span<const Property> properties) {
        if (auto* v = o_.if_contains(key); v && v->is_array())
            for (auto& element : v->get_array())
                if (element.is_object())
                    wire::complete(element.get_object(), properties);
    }

    class Items {
    public:
        explicit Items(boost::json::array& a) : a_(a) {}
        template <class Fill> void object(Fill&& fill) {
            auto& child = a_.emplace_back(boost::json::object(a_.storage())).get_object();
            child.reserve(10);
            DomObject inner(child);
            fill(inner);
        }
        void str(std::string_view value) { a_.emplace_back(value); }

    private:
        boost::json::array& a_;
    };

private:
    boost::json::object& o_;
};

// Writes JSON text; begun by the constructor, ended by close(). Each member is set once (the
// encoders never set one twice on an object without passthrough members).
class TextObject {
public:
    explicit TextObject(std::string& out) : out_(out) { out_ += '{'; }
    TextObject(const TextObject&) = delete;
    TextObject& operator=(const TextObject&) = delete;

    void str(std::string_view key, std::string_view value) {
        this->key(key);
        append_json_string(out_, value);
    }
    void num(std::string_view key, std::int64_t value) {
        this->key(key);
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        out_.append(digits, end);
    }
    void boolean(std::string_view key, bool value) {
        this->key(key);
        out_ += value ? "true" : "false";
    }
    void null(std::string_view key) {
        this->key(key);
        out_ += "null";
    }
    void type(std::string_view name);
    template <class Fill> void object(std::string_view key, Fill&& fill) {
        this->key(key);
        TextObject inner(out_);
        fill(inner);
        inner.close();
    }
    template <class Fill> void array(std::string_view key, Fill&& fill) {
        this->key(key);
        out_ += '[';
        Items inner(out_);
        fill(inner);
        out_ += ']';
    }
    // Text already in JSON.
    void raw(std::string_view key, std::string_view json) {
        this->key(key);
        out_ += json;
    }
    bool contains(std::string_view key) const;
    void complete(std::span<const Property> properties);
    // Members to complete come from passthrough, which the text back end never holds.
    void complete_member(std::string_view, std::span<const Property>) {}
    void complete_elements(std::string_view, std::span<const Property>) {}
    // `write(out)` appends the member's value, already JSON.
    template <class Write> void member(std::string_view key, Write&& write) {
        this->key(key);
        write(out_);
    }
    void close() { out_ += '}'; }

    class Items {
    public:
        explicit Items(std::string& out) : out_(out) {}
        template <class Fill> void object(Fill&& fill) {
            if (count_++)
                out_ += ',';
            TextObject inner(out_);
            fill(inner);
            inner.close();
        }
        void str(std::string_view value) {
            if (count_++)
                out_ += ',';
            append_json_string(out_, value);
        }

    private:
        std::string& out_;
        std::size_t count_ = 0;
    };

private:
    // Member names are written as they are: the property names of the tables and the encoders'
    // own never need escaping, and a value with other names (an identity set's kinds) is only
    // written as text when they do not either (writes_text).
    void key(std::string_view key) {
        keys_.push_back(key);
        char text[64];
        if (key.size() + 4 > sizeof text) {
            if (keys_.size() > 1)
                out_ += ',';
            out_ += '"';
            out_ += key;
            out_ += "\":";
            return;
        }
        char* at = text;
        if (keys_.size() > 1)
            *at++ = ',';
        *at++ = '"';
        std::memcpy(at, key.data(), key.size());
        at += key.size();
        *at++ = '"';
        *at++ = ':';
        out_.append(text, at);
    }

    std::string& out_;
    boost::container::small_vector<std::string_view, 24> keys_;
};

// A member if it has a value; a member or null; for either back end.
template <class O>
void set_optional(O& o, std::string_view key, const std::optional<std::string>& v) {
    if (v)
        o.str(key, *v);
}
template <class O>
void set_or_null(O& o, std::string_view key, const std::optional<std::string>& v) {
    if (v)
        o.str(key, *v);
    else
        o.null(key);
}
// "@odata.type" as the client sent it, else the declared type.
template <class O>
void set_type(O& o, const std::optional<std::string>& sent, std::string_view name) {
    if (sent)
        o.str("@odata.type", *sent);
    else
        o.type(name);
}

} // namespace gcm::wire
