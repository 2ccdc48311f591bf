// Events to commsNotifications (see notifications.hpp).
#include "gcm/wire/notifications.hpp"

#include "gcm/wire/graph_json.hpp"

namespace json = boost::json;

namespace gcm::wire {
namespace {

json::object envelope(std::string_view change_type, const std::string& path, json::value data) {
    json::object notification{{"@odata.type", odata_type("commsNotification")},
                              {"changeType", change_type},
                              {"resource", "/app/" + path},
                              {"resourceUrl", "/communications/" + path},
                              {"resourceData", std::move(data)}};
    return json::object{{"@odata.type", odata_type("commsNotifications")},
                        {"value", json::array{std::move(notification)}}};
}

std::string etag(std::int64_t n) {
    return "W/\"" + std::to_string(n) + "\"";
}

struct Mapper {
    std::optional<json::object> operator()(const state::CallStateChanged& e) const {
        const auto path = "calls/" + e.call.id;
        json::object data;
        if (e.created)
            data = json::value_from(*e.created).as_object();
        data["@odata.type"] = odata_type("call");
        data["@odata.id"] = "/communications/" + path;
        data["state"] = state::to_string(e.state);
        if (e.result_info)
            data["resultInfo"] = json::value_from(*e.result_info);
        const std::string_view change = e.created                                 ? "created"
                                        : e.state == state::CallState::terminated ? "deleted"
                                                                                  : "updated";
        return envelope(change, path, std::move(data));
    }

    std::optional<json::object> operator()(const state::RosterChanged& e) const {
        if (!e.call.is_group)
            return std::nullopt;
        const auto path = "calls/" + e.call.id + "/participants";
        if (!e.call.delta_roster)
            return envelope("updated", path, json::value_from(e.roster));
        json::array participants;
        for (const auto& p : e.updated)
            participants.push_back(json::value_from(p));
        for (const auto& p : e.removed) {
            json::object gone = json::value_from(p).as_object();
            gone["removedState"] = json::object{{"@odata.type", odata_type("removedState")},
                                                {"reason", "Removed from the call"}};
            participants.push_back(std::move(gone));
        }
        json::object delta{{"@odata.type", odata_type("deltaParticipants")},
                           {"sequenceNumber", e.sequence},
                           {"participants", std::move(participants)}};
        return envelope("updated", path, json::array{std::move(delta)});
    }

    std::optional<json::object> operator()(const state::OperationFinished& e) const {
        const auto path = "calls/" + e.call.id + "/operations/" + e.operation.id;
        json::object data = json::value_from(e.operation).as_object();
        data["@odata.id"] = "/communications/" + path;
        data["@odata.etag"] = etag(1);
        return envelope("deleted", path, std::move(data));
    }

    std::optional<json::object> operator()(const state::ToneReceived& e) const {
        const auto path = "calls/" + e.call.id;
        json::object data{{"@odata.type", odata_type("call")},
                          {"@odata.id", "/communications/" + path},
                          {"state", "established"},
                          {"toneInfo", json::object{{"@odata.type", odata_type("toneInfo")},
                                                    {"sequenceId", e.sequence},
                                                    {"tone", state::to_string(e.tone)}}}};
        return envelope("updated", path, std::move(data));
    }

    std::optional<json::object> operator()(const state::Warning&) const { return std::nullopt; }
};

} // namespace

std::optional<json::object> notification_for(const state::Event& event) {
    return std::visit(Mapper{}, event);
}

} // namespace gcm::wire
