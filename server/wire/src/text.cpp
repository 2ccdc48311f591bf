// valid_utf8 (see text.hpp): a strict decoder (no overlongs, no surrogates, at most U+10FFFF).
#include "gcm/wire/text.hpp"

namespace gcm::wire {

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const unsigned char c = *p;
        std::size_t length = 0;
        unsigned min = 0, code = 0;
        if (c < 0x80) {
            out += char(c);
            ++p;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            length = 2, min = 0x80, code = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            length = 3, min = 0x800, code = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            length = 4, min = 0x10000, code = c & 0x07;
        bool ok = length != 0 && std::size_t(end - p) >= length;
        for (std::size_t i = 1; ok && i < length; ++i) {
            ok = (p[i] & 0xC0) == 0x80;
            code = (code << 6) | (p[i] & 0x3F);
        }
        ok = ok && code >= min && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
        if (ok) {
            out.append(reinterpret_cast<const char*>(p), length);
            p += length;
        } else {
            out += "\xEF\xBF\xBD";
            ++p;
        }
    }
    return out;
}

} // namespace gcm::wire
