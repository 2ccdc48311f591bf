// The spellings of delivery outcomes (see gcm/app/notifications.hpp).
#include "gcm/app/notifications.hpp"

namespace gcm::app {

std::string_view to_string(DeliveryOutcome outcome) noexcept {
    switch (outcome) {
    case DeliveryOutcome::delivered:
        return "delivered";
    case DeliveryOutcome::retrying:
        return "retrying";
    case DeliveryOutcome::failed:
        return "failed";
    case DeliveryOutcome::dropped:
        break;
    }
    return "dropped";
}

} // namespace gcm::app
