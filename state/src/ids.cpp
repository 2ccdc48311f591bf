// Version-4 UUIDs: Boost.Uuid's type, filled from a 64-bit Mersenne Twister (per thread, seeded
// once from the OS; or one seeded by the caller). Two draws per id (Boost's generator makes four,
// each through a uniform distribution), and no system call. Every request takes at least one (its
// request-id), so the text is written a byte pair at a time rather than through Boost's per-digit
// to_chars.
#include "gcm/state/ids.hpp"

#include <boost/uuid/uuid.hpp>
#include <memory>
#include <mutex>
#include <random>

namespace gcm::state {
namespace {

std::mt19937_64 seeded_generator() {
    std::random_device os;
    std::seed_seq seed{os(), os(), os(), os(), os(), os(), os(), os()};
    return std::mt19937_64(seed);
}

// "8-4-4-4-12" lowercase hex digits.
std::string text_of(const boost::uuids::uuid& id) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text(36, '-');
    std::size_t at = 0;
    for (std::size_t i = 0; i < id.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            ++at; // over the dash
        text[at++] = digits[id.data[i] >> 4];
        text[at++] = digits[id.data[i] & 0x0F];
    }
    return text;
}

std::string uuid_from(std::mt19937_64& generate) {
    const std::uint64_t halves[2] = {generate(), generate()};
    boost::uuids::uuid id;
    static_assert(sizeof halves == sizeof id.data);
    // Byte by byte, most significant first: the same ids on any machine for one seed.
    for (std::size_t i = 0; i < sizeof id.data; ++i)
        id.data[i] = static_cast<std::uint8_t>(halves[i / 8] >> (56 - 8 * (i % 8)));
    id.data[6] = static_cast<std::uint8_t>((id.data[6] & 0x0F) | 0x40); // version 4
    id.data[8] = static_cast<std::uint8_t>((id.data[8] & 0x3F) | 0x80); // RFC 4122 variant
    return text_of(id);
}

} // namespace

std::string random_uuid() {
    thread_local std::mt19937_64 generate = seeded_generator();
    return uuid_from(generate);
}

std::uint64_t seed_for(std::uint64_t seed, std::string_view name) {
    std::uint64_t hash = 14695981039346656037ull; // FNV-1a, 64 bits
    for (unsigned char c : name) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return seed ^ hash;
}

IdSource seeded_ids(std::uint64_t seed) {
    // Shared by the copies of the IdSource, and taken under a lock: an engine mints ids under
    // its own lock, but tests may share one source between engines.
    struct Sequence {
        std::mutex mutex;
        std::mt19937_64 generate;
    };
    auto sequence = std::make_shared<Sequence>();
    sequence->generate.seed(seed);
    return [sequence] {
        std::lock_guard lock(sequence->mutex);
        return uuid_from(sequence->generate);
    };
}

} // namespace gcm::state
