// A small command-line parser for the subcommands: `--name value`,
// `--name=value`, boolean `--flag`, and positional arguments. Each subcommand
// declares its options with help text; `--help` prints them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace disrupt::cli {

class Args {
 public:
  Args(std::string command, std::string summary) : command_(std::move(command)), summary_(std::move(summary)) {}

  // Declares an option taking a value; `fallback` is shown in help and returned by Get when absent.
  Args& Option(const std::string& name, const std::string& help, const std::string& fallback = "");
  // Declares a boolean flag.
  Args& Flag(const std::string& name, const std::string& help);
  // Declares a positional argument (for help only; all positionals are kept).
  Args& Positional(const std::string& name, const std::string& help);
  // Extra text printed at the end of --help (examples).
  Args& Epilog(const std::string& text);

  // Parses argv (without the program and command names). kInvalidArgument
  // for an unknown option or a missing value. Sets help_requested().
  Status Parse(const std::vector<std::string>& argv);

  bool help_requested() const { return help_; }
  std::string Help() const;

  bool Has(const std::string& name) const;
  std::string Get(const std::string& name) const;
  // Integer value, or kInvalidArgument naming the option.
  Result<long long> GetInt(const std::string& name) const;
  Result<double> GetDouble(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  struct Spec {
    std::string help;
    std::string fallback;
    bool flag;
  };
  std::string command_, summary_, epilog_;
  std::map<std::string, Spec> specs_;
  std::vector<std::string> order_;
  std::vector<std::pair<std::string, std::string>> positional_specs_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positionals_;
  bool help_ = false;
};

// Prints the Status to stderr as "disrupt COMMAND: message (field)" and returns its exit code.
int Fail(const std::string& command, const Status& status);

// For a command whose first positional is an action (`disrupt audit verify`):
// parses `argv` into `args`; prints the help when asked for or when no action
// is given. Returns the exit code to stop with (0 after --help, 2 without an
// action, Fail's code for bad arguments), or nullopt to go on.
std::optional<int> ParseActionArgs(Args& args, const std::vector<std::string>& argv, const std::string& command);

}  // namespace disrupt::cli
