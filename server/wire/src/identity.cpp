// The identity platform's wire (see identity.hpp).
#include "gcm/wire/identity.hpp"

#include "reader.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse_query.hpp>

namespace json = boost::json;

namespace gcm::wire {
namespace {

Decoded<AppRegistration> decode_app(const json::value& v, const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    AppRegistration app;
    GCM_TRY(id, r.required_string("appId"));
    app.app_id = std::move(id);
    GCM_TRY(name, r.optional_string("displayName"));
    app.display_name = name.value_or(app.app_id);
    GCM_TRY(tenant, r.optional_string("tenantId"));
    app.tenant_id = std::move(tenant);
    GCM_TRY(secrets, r.optional_strings("secrets", "a client secret (string)"));
    app.secrets = std::move(secrets).value_or(std::vector<std::string>{});
    GCM_TRY(certificates, r.optional_strings("certificates", "a PEM certificate (string)"));
    app.certificates = std::move(certificates).value_or(std::vector<std::string>{});
    for (std::size_t i = 0; i < app.certificates.size(); ++i)
        if (app.certificates[i].find("BEGIN CERTIFICATE") == std::string::npos)
            return error_at(element_path(r.path_of("certificates"), i),
                            "expected a PEM certificate");
    GCM_TRY(roles, r.optional_strings("roles", "an application permission (string)"));
    if (!roles)
        return error_at(r.path_of("roles"), "is required: the application permissions granted");
    app.roles = std::move(*roles);
    if (app.secrets.empty() && app.certificates.empty())
        return error_at(path, "an app needs at least one of secrets and certificates");
    return app;
}

} // namespace

Decoded<std::vector<AppRegistration>> parse_apps(std::string_view text) {
    boost::system::error_code ec;
    // A fixture may be large: its DOM goes into blocks released together (no fragments left).
    json::monotonic_resource arena;
    json::value doc = json::parse(text, ec, &arena);
    if (ec)
        return error_at("$", "not valid JSON: " + ec.message());
    GCM_TRY(root, as_object(doc, "$"));
    const auto* mock = root->if_contains("_mock");
    if (!mock || mock->is_null())
        return std::vector<AppRegistration>{};
    GCM_TRY(m, as_object(*mock, "$._mock"));
    ObjectReader r(*m, "$._mock");
    return decode_array<AppRegistration>(r, "apps", decode_app);
}

boost::system::result<std::vector<AppRegistration>, FixtureError>
load_apps(const std::filesystem::path& where) {
    auto texts = fixture_texts(where);
    if (!texts)
        return texts.error();
    std::vector<AppRegistration> all;
    for (const auto& [file, text] : *texts) {
        auto apps = parse_apps(text);
        if (!apps)
            return FixtureError{file.string(), apps.error().path, apps.error().message};
        for (auto& app : *apps) {
            for (const auto& known : all)
                if (known.app_id == app.app_id)
                    return FixtureError{file.string(), "$._mock.apps",
                                        "app '" + app.app_id + "' is already declared"};
            all.push_back(std::move(app));
        }
    }
    return all;
}

std::optional<TokenRequest> decode_token_request(std::string_view form) {
    auto parsed = boost::urls::parse_query(form);
    if (!parsed)
        return std::nullopt;
    boost::urls::encoding_opts form_encoding;
    form_encoding.space_as_plus = true; // form encoding writes a space as '+'
    TokenRequest out;
    for (const auto& param : *parsed) {
        const auto key = param.key.decode(form_encoding);
        auto value = param.value.decode(form_encoding);
        if (key == "grant_type")
            out.grant_type = std::move(value);
        else if (key == "client_id")
            out.client_id = std::move(value);
        else if (key == "scope")
            out.scope = std::move(value);
        else if (key == "client_secret")
            out.client_secret = std::move(value);
        else if (key == "client_assertion_type")
            out.client_assertion_type = std::move(value);
        else if (key == "client_assertion")
            out.client_assertion = std::move(value);
    }
    return out;
}

json::object token_response(const std::string& access_token, std::int64_t expires_in) {
    return {{"token_type", "Bearer"},
            {"expires_in", expires_in},
            {"ext_expires_in", expires_in},
            {"access_token", access_token}};
}

json::object identity_error(std::string_view error, int code, std::string_view description,
                            const std::string& trace_id, const std::string& timestamp) {
    std::string text = "AADSTS" + std::to_string(code) + ": " + std::string(description) +
                       " Trace ID: " + trace_id + " Correlation ID: " + trace_id +
                       " Timestamp: " + timestamp;
    return {{"error", error},
            {"error_description", std::move(text)},
            {"error_codes", json::array{code}},
            {"timestamp", timestamp},
            {"trace_id", trace_id},
            {"correlation_id", trace_id}};
}

} // namespace gcm::wire
