// Random version-4 UUIDs: Boost.Uuid's type and formatting, filled from a 64-bit Mersenne Twister
// per thread, seeded once from the OS. Two draws per id (Boost's generator makes four, each
// through a uniform distribution), and no system call.
#include "gcm/state/ids.hpp"

#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <cstring>
#include <random>

namespace gcm::state {
namespace {

std::mt19937_64 seeded_generator() {
    std::random_device os;
    std::seed_seq seed{os(), os(), os(), os(), os(), os(), os(), os()};
    return std::mt19937_64(seed);
}

} // namespace

std::string random_uuid() {
    thread_local std::mt19937_64 generate = seeded_generator();
    const std::uint64_t halves[2] = {generate(), generate()};
    boost::uuids::uuid id;
    static_assert(sizeof halves == sizeof id.data);
    std::memcpy(id.data, halves, sizeof halves);
    id.data[6] = static_cast<std::uint8_t>((id.data[6] & 0x0F) | 0x40); // version 4
    id.data[8] = static_cast<std::uint8_t>((id.data[8] & 0x3F) | 0x80); // RFC 4122 variant
    return boost::uuids::to_string(id);
}

} // namespace gcm::state
