// Events to commsNotifications (see notifications.hpp), shaped as the service's own: one
// notification per POST; call-state changes carry the callChainId (the first `established` also
// the direction, and once the media connected mediaState, meetingCapability and coOrganizers);
// rosters are whole (or deltas), for group and peer-to-peer calls alike.
#include "gcm/wire/notifications.hpp"

#include "builders.hpp"
#include "gcm/wire/graph_json.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::wire {
namespace {

// The one envelope, for both back ends: a commsNotifications holding one commsNotification,
// whose resourceData `data(notification)` writes.
template <class O, class Data>
void write_envelope(O& o, std::string_view change_type, const std::string& path, Data&& data) {
    o.type("commsNotifications");
    o.array("value", [&](auto& items) {
        items.object([&](O& notification) {
            notification.type("commsNotification");
            notification.str("changeType", change_type);
            notification.str("resource", "/app/" + path);
            notification.str("resourceUrl", "/communications/" + path);
            data(notification);
        });
    });
}

json::object envelope(std::string_view change_type, const std::string& path, json::value data) {
    json::object o;
    DomObject dom(o);
    write_envelope(dom, change_type, path,
                   [&](DomObject& n) { n.value("resourceData", std::move(data)); });
    return o;
}

std::string etag(std::int64_t n) {
    return "W/\"" + std::to_string(n) + "\"";
}

// A call as a state notification shows it: what changed, and what the service repeats in each.
json::object call_data(const state::CallRef& call, std::string_view state, bool audio_active) {
    json::object data{{"@odata.type", odata_type("call")},
                      {"@odata.id", "/communications/calls/" + call.id},
                      {"state", state}};
    if (audio_active) {
        data["mediaState"] = media_state_active();
        data["meetingCapability"] = json::object{{"@odata.type", odata_type("meetingCapability")}};
        data["coOrganizers"] = json::array{};
    }
    if (call.call_chain_id)
        data["callChainId"] = *call.call_chain_id;
    return data;
}

struct Mapper {
    std::optional<json::object> operator()(const state::CallStateChanged& e) const {
        const auto path = "calls/" + e.call.id;
        json::object data;
        if (e.created) {
            data = json::value_from(*e.created).as_object();
            data["@odata.id"] = "/communications/" + path;
        } else {
            data = call_data(e.call, state::to_string(e.state), e.audio_active);
        }
        if (e.direction)
            data["direction"] = state::to_string(*e.direction);
        if (e.result_info)
            data["resultInfo"] = json::value_from(*e.result_info);
        const std::string_view change = e.created                                 ? "created"
                                        : e.state == state::CallState::terminated ? "deleted"
                                                                                  : "updated";
        return envelope(change, path, std::move(data));
    }

    std::optional<json::object> operator()(const state::MediaConnected& e) const {
        return envelope("updated", "calls/" + e.call.id, call_data(e.call, "established", true));
    }

    std::optional<json::object> operator()(const state::RosterChanged& e) const {
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

    // The create-call page's shape: the collection's URL (in lower case, as the page has it),
    // the session as a one-element array.
    std::optional<json::object> operator()(const state::ContentSharingChanged& e) const {
        using Change = state::ContentSharingChanged::Change;
        const std::string_view change = e.change == Change::started   ? "created"
                                        : e.change == Change::changed ? "updated"
                                                                      : "deleted";
        return envelope(change, "calls/" + e.call.id + "/contentsharingsessions",
                        json::array{json::value_from(e.session)});
    }

    std::optional<json::object> operator()(const state::Warning&) const { return std::nullopt; }
};

// The envelope as text, around `data` written by `write`.
template <class Write>
NotificationText envelope_text(std::string_view change_type, const std::string& path,
                               Write&& write) {
    std::string out;
    out.reserve(4096);
    TextObject o(out);
    write_envelope(o, change_type, path, [&](TextObject& n) { n.member("resourceData", write); });
    o.close();
    return {std::move(out), std::string(change_type), "/communications/" + path};
}

} // namespace

std::optional<json::object> notification_for(const state::Event& event) {
    return std::visit(Mapper{}, event);
}

std::optional<NotificationText> notification_text(const state::Event& event) {
    if (const auto* e = std::get_if<state::RosterChanged>(&event); e && !e->call.delta_roster) {
        if (std::all_of(e->roster.begin(), e->roster.end(),
                        [](const state::Participant& p) { return writes_text(p); }))
            return envelope_text("updated", "calls/" + e->call.id + "/participants",
                                 [&](std::string& out) {
                                     out += '[';
                                     for (std::size_t i = 0; i < e->roster.size(); ++i) {
                                         if (i)
                                             out += ',';
                                         write_text(out, e->roster[i]);
                                     }
                                     out += ']';
                                 });
    }
    if (const auto* e = std::get_if<state::OperationFinished>(&event);
        e && writes_text(e->operation)) {
        const auto path = "calls/" + e->call.id + "/operations/" + e->operation.id;
        const auto id = "/communications/" + path;
        const auto tag = etag(1);
        const Member extra[] = {{"@odata.id", id}, {"@odata.etag", tag}};
        return envelope_text("deleted", path,
                             [&](std::string& out) { write_text(out, e->operation, extra); });
    }
    auto body = notification_for(event);
    if (!body)
        return std::nullopt;
    // Every body is one envelope (envelope() above) holding one notification.
    const auto& n = body->at("value").as_array().front().as_object();
    return NotificationText{json::serialize(*body), std::string(n.at("changeType").as_string()),
                            std::string(n.at("resourceUrl").as_string())};
}

} // namespace gcm::wire
