// The flags table of docs/flags.md against the binary's own --help: every flag the binary takes
// is in the table, and every default the table gives is the one the binary uses (the binary's come
// from the settings structs, so the three cannot drift apart).
#include "options.hpp"

#include <boost/process.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace bp = boost::process;

namespace {

std::string help_text() {
    bp::ipstream out;
    bp::child child(GCM_BINARY, "--help", bp::std_out > out);
    std::string text((std::istreambuf_iterator<char>(out)), {});
    child.wait();
    BOOST_TEST_REQUIRE(child.exit_code() == 0);
    return text;
}

struct Row {
    std::vector<std::string> flags;    // "--port"
    std::vector<std::string> defaults; // "8080", when the cell is only `values`
};

// The rows of the table under "## Every flag" in docs/flags.md.
std::vector<Row> documented_rows() {
    std::ifstream in(std::string(GCM_SOURCE_DIR) + "/docs/flags.md");
    BOOST_TEST_REQUIRE(in.is_open(), "docs/flags.md cannot be read");
    std::string line;
    bool in_section = false;
    std::vector<Row> rows;
    const std::regex flag(R"(`(--[a-z0-9-]+))");
    const std::regex value(R"(`([^`]*)`)");
    while (std::getline(in, line)) {
        if (line.starts_with("## "))
            in_section = line == "## Every flag";
        if (!in_section || !line.starts_with("| `--"))
            continue;
        const auto first = line.find('|', 1), second = line.find('|', first + 1);
        const auto flags_cell = line.substr(1, first - 1);
        const auto default_cell = line.substr(first + 1, second - first - 1);
        Row row;
        for (std::sregex_iterator it(flags_cell.begin(), flags_cell.end(), flag), end; it != end;
             ++it)
            row.flags.push_back((*it)[1]);
        // Only a cell made of nothing but `values` states defaults ("none", "off" do not).
        const auto stripped = std::regex_replace(default_cell, value, "");
        if (stripped.find_first_not_of(" ,") == std::string::npos)
            for (std::sregex_iterator it(default_cell.begin(), default_cell.end(), value), end;
                 it != end; ++it)
                row.defaults.push_back((*it)[1]);
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

BOOST_AUTO_TEST_SUITE(readme_flags)

BOOST_AUTO_TEST_CASE(the_flags_table_matches_the_binary) {
    const auto help = help_text();
    const auto rows = documented_rows();
    BOOST_TEST_REQUIRE(rows.size() > 20u);
    std::set<std::string> documented;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.flags.size(); ++i) {
            const auto& name = row.flags[i];
            documented.insert(name);
            BOOST_TEST_CONTEXT(name) {
                BOOST_TEST(help.find("  " + name + " ") != std::string::npos);
                if (row.defaults.size() == row.flags.size())
                    BOOST_TEST(help.find("  " + name + " arg (=" + row.defaults[i] + ")") !=
                               std::string::npos);
            }
        }
    }
    const std::regex option(R"(\n  (--[a-z0-9-]+))");
    for (std::sregex_iterator it(help.begin(), help.end(), option), end; it != end; ++it) {
        const std::string name = (*it)[1];
        if (name != "--help" && name != "--version")
            BOOST_TEST(documented.contains(name), name << " is missing from docs/flags.md");
    }
}

BOOST_AUTO_TEST_SUITE_END()

// The defaults the command line gives are the settings structs' own: the flags, their help and
// the table in docs/flags.md are derived from them, never restated.
BOOST_AUTO_TEST_SUITE(option_defaults)

BOOST_AUTO_TEST_CASE(no_flags_means_the_structs_defaults) {
    const char* argv[] = {"graph-comms-mock"};
    auto parsed = gcm::cli::parse_command_line(1, argv);
    BOOST_TEST_REQUIRE((parsed.action == gcm::cli::ParseResult::Action::run), parsed.message);
    const auto& s = parsed.settings;
    BOOST_TEST((s.server == gcm::http::ServerOptions{}));
    BOOST_TEST((s.app.engine == gcm::state::EngineSettings{}));
    const gcm::app::AppConfig app{};
    BOOST_TEST((s.app.auth == app.auth));
    BOOST_TEST(s.app.public_url == app.public_url);
    BOOST_TEST(s.app.journal_capacity == app.journal_capacity);
    BOOST_TEST(s.app.journal_bytes == app.journal_bytes);
    BOOST_TEST(s.app.default_callback_uri == app.default_callback_uri);
    BOOST_TEST(s.app.notifications == app.notifications);
    BOOST_TEST(s.app.max_namespaces == app.max_namespaces);
    BOOST_TEST(s.app.namespace_idle.count() == app.namespace_idle.count());
    BOOST_TEST(s.app.admin_token == app.admin_token);
    BOOST_TEST(!s.app.seed);
    BOOST_TEST((s.log_format == gcm::cli::Settings{}.log_format));
}

BOOST_AUTO_TEST_SUITE_END()
