#include "mock_process.hpp"

#include <boost/process/extend.hpp>
#include <csignal>
#include <fstream>
#include <future>
#include <regex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace bp = boost::process;

namespace gcm::test {

namespace {

// Sets the child's descriptor limit between fork and exec.
struct DescriptorLimit : bp::extend::handler {
    DescriptorLimits limits;
    template <class Executor> void on_exec_setup(Executor&) const {
        const rlimit limit{limits.soft, limits.hard};
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
};

// Starts the binary as `options` say, its stdout to `out` and (if captured) its
// stderr to `log`.
bp::child launch(const MockProcessOptions& options, const std::filesystem::path& log,
                 bp::ipstream& out) {
    auto with = [&](auto&& err) {
        if (options.descriptor_limits)
            return bp::child(GCM_BINARY, bp::args(options.args), bp::std_out > out, err,
                             options.environment, DescriptorLimit{{}, *options.descriptor_limits});
        return bp::child(GCM_BINARY, bp::args(options.args), bp::std_out > out, err,
                         options.environment);
    };
    return options.capture_stderr ? with(bp::std_err > log.string()) : with(bp::std_err > bp::null);
}

std::filesystem::path log_path(const MockProcessOptions& options, int n) {
    if (!options.capture_stderr)
        return {};
    return std::filesystem::temp_directory_path() /
           ("gcm-mock-" + std::to_string(::getpid()) + "-" + std::to_string(n) + ".err");
}

} // namespace

MockProcess::MockProcess(MockProcessOptions options)
    : log_(log_path(options, ++count_)), child_(launch(options, log_, out_)) {
    auto line = std::async(std::launch::async, [this] {
        std::string l;
        std::getline(out_, l);
        return l;
    });
    if (line.wait_for(options.first_line_within) != std::future_status::ready) {
        child_.terminate();
        throw std::runtime_error("no 'listening on' line within " +
                                 std::to_string(options.first_line_within.count()) + " s");
    }
    first_line_ = line.get();
    static const std::regex listening(R"(^graph-comms-mock listening on http://[^:]+:(\d+)$)");
    std::smatch m;
    if (!std::regex_match(first_line_, m, listening))
        throw std::runtime_error("unexpected first line: " + first_line_);
    port_ = static_cast<unsigned short>(std::stoi(m[1]));
}

MockProcess::~MockProcess() {
    if (child_.running())
        child_.terminate();
    if (!log_.empty()) {
        std::error_code ignored;
        std::filesystem::remove(log_, ignored);
    }
}

int MockProcess::stop() {
    ::kill(child_.id(), SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (child_.running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (child_.running())
        child_.terminate();
    child_.wait();
    return child_.exit_code();
}

void MockProcess::kill_9() {
    ::kill(child_.id(), SIGKILL);
    child_.wait();
}

std::string MockProcess::log() const {
    if (log_.empty())
        throw std::logic_error("stderr is not captured: set capture_stderr");
    std::ifstream in(log_);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> MockProcess::log_lines() const {
    if (log_.empty())
        throw std::logic_error("stderr is not captured: set capture_stderr");
    std::ifstream in(log_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

Finished run_to_end(const std::vector<std::string>& args, bp::environment env) {
    bp::ipstream out, err;
    bp::child child(GCM_BINARY, bp::args(args), bp::std_out > out, bp::std_err > err, env);
    auto read_all = [](bp::ipstream& s) {
        return std::async(std::launch::async,
                          [&s] { return std::string(std::istreambuf_iterator<char>(s), {}); });
    };
    auto out_text = read_all(out);
    auto err_text = read_all(err);
    // Both pipes reach end of file when the process exits. (child::wait_for is
    // avoided: in Boost 1.81 it can sleep out its whole timeout after the child
    // has already exited.)
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    if (out_text.wait_until(deadline) != std::future_status::ready ||
        err_text.wait_until(deadline) != std::future_status::ready)
        child.terminate();
    child.wait();
    return {child.exit_code(), out_text.get(), err_text.get()};
}

} // namespace gcm::test
