// Random UUIDs from Boost.Uuid: one Mersenne-Twister generator per thread, seeded once from the
// OS, so that a fresh id costs no system call.
#include "gcm/state/ids.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace gcm::state {

std::string random_uuid() {
    thread_local boost::uuids::random_generator_mt19937 generate;
    return boost::uuids::to_string(generate());
}

} // namespace gcm::state
