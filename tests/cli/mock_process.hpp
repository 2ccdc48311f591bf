// The real graph-comms-mock binary as a child process, for the cli tests: one class for a server
// that runs until stopped (MockProcess) and one function for a run that ends by itself
// (run_to_end). Both used to be written out again in each test file.
#pragma once

#include <boost/process.hpp>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <utility>
#include <vector>

namespace gcm::test {

// A soft and hard RLIMIT_NOFILE for the child, set between fork and exec.
struct DescriptorLimits {
    rlim_t soft;
    rlim_t hard;
};

struct MockProcessOptions {
    std::vector<std::string> args{};
    // The child's whole environment (by default a copy of this process's).
    boost::process::environment environment =
        boost::process::environment(boost::this_process::environment());
    // How long the first stdout line may take: loading a data directory under a sanitizer takes
    // a while, so the persistence tests give it 30 s.
    std::chrono::seconds first_line_within{10};
    // Stderr to a temporary file (read with log() and log_lines()); otherwise discarded.
    bool capture_stderr = false;
    std::optional<DescriptorLimits> descriptor_limits{};
};

// A running server. The constructor returns once the first stdout line, "graph-comms-mock
// listening on http://HOST:PORT", has come; it throws if none comes in time (the child is then
// terminated) or if the line says something else. The destructor terminates a child still
// running and removes the stderr file.
class MockProcess {
public:
    explicit MockProcess(MockProcessOptions options);
    explicit MockProcess(std::vector<std::string> args)
        : MockProcess(MockProcessOptions{std::move(args)}) {}
    MockProcess(const MockProcess&) = delete;
    MockProcess& operator=(const MockProcess&) = delete;
    ~MockProcess();

    const std::string& first_line() const { return first_line_; }
    unsigned short port() const { return port_; }
    int pid() const { return child_.id(); }

    // SIGTERM, then the exit code (bounded: terminated after 10 s).
    int stop();
    // SIGKILL, and waits for the child to be gone.
    void kill_9();

    // What the child has written to stderr so far (capture_stderr only).
    std::string log() const;
    std::vector<std::string> log_lines() const;

private:
    static inline int count_ = 0;
    std::filesystem::path log_; // empty unless capture_stderr
    boost::process::ipstream out_;
    boost::process::child child_;
    std::string first_line_;
    unsigned short port_ = 0;
};

struct Finished {
    int exit_code;
    std::string out;
    std::string err;
};

// Runs the binary to its end, for flags or states that make it exit (bounded: terminated after
// 20 s).
Finished run_to_end(const std::vector<std::string>& args,
                    boost::process::environment env =
                        boost::process::environment(boost::this_process::environment()));

} // namespace gcm::test
