// Command-line parsing for subcommands; see args.h.
#include "cli/args.h"

#include <iostream>
#include <sstream>

#include "core/text.h"

namespace disrupt::cli {

Args& Args::Option(const std::string& name, const std::string& help, const std::string& fallback) {
  specs_[name] = Spec{help, fallback, false};
  order_.push_back(name);
  return *this;
}

Args& Args::Flag(const std::string& name, const std::string& help) {
  specs_[name] = Spec{help, "", true};
  order_.push_back(name);
  return *this;
}

Args& Args::Positional(const std::string& name, const std::string& help) {
  positional_specs_.emplace_back(name, help);
  return *this;
}

Args& Args::Epilog(const std::string& text) {
  epilog_ = text;
  return *this;
}

Status Args::Parse(const std::vector<std::string>& argv) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--help" || a == "-h") {
      help_ = true;
      continue;
    }
    if (a == "--") {
      for (size_t k = i + 1; k < argv.size(); ++k) positionals_.push_back(argv[k]);
      break;
    }
    if (!StartsWith(a, "--")) {
      positionals_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    auto it = specs_.find(name);
    if (it == specs_.end()) {
      return Status::InvalidArgument("unknown option --" + name + " (see disrupt " + command_ + " --help)", "--" + name);
    }
    if (it->second.flag) {
      if (has_value) return Status::InvalidArgument("--" + name + " takes no value", "--" + name);
      values_[name] = "true";
      continue;
    }
    if (!has_value) {
      if (i + 1 >= argv.size()) return Status::InvalidArgument("--" + name + " needs a value", "--" + name);
      value = argv[++i];
    }
    values_[name] = value;
  }
  return Status::Ok();
}

std::string Args::Help() const {
  std::ostringstream out;
  out << "usage: disrupt " << command_ << " [options]";
  for (const auto& [name, _] : positional_specs_) out << " " << name;
  out << "\n\n" << summary_ << "\n";
  if (!positional_specs_.empty()) {
    out << "\narguments:\n";
    for (const auto& [name, help] : positional_specs_) out << "  " << name << "\n      " << help << "\n";
  }
  out << "\noptions:\n";
  for (const auto& name : order_) {
    const Spec& s = specs_.at(name);
    out << "  --" << name << (s.flag ? "" : " VALUE") << "\n      " << s.help;
    if (!s.fallback.empty()) out << " (default: " << s.fallback << ")";
    out << "\n";
  }
  out << "  --help\n      Show this help\n";
  if (!epilog_.empty()) out << "\n" << epilog_ << "\n";
  return out.str();
}

bool Args::Has(const std::string& name) const { return values_.count(name) > 0; }

std::string Args::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it != values_.end()) return it->second;
  auto s = specs_.find(name);
  return s == specs_.end() ? "" : s->second.fallback;
}

Result<long long> Args::GetInt(const std::string& name) const {
  long long v;
  std::string s = Get(name);
  if (!ParseInt64(s, v)) return Status::InvalidArgument("--" + name + " wants a whole number, got '" + s + "'", "--" + name);
  return v;
}

Result<double> Args::GetDouble(const std::string& name) const {
  double v;
  std::string s = Get(name);
  if (!ParseDouble(s, v)) return Status::InvalidArgument("--" + name + " wants a number, got '" + s + "'", "--" + name);
  return v;
}

int Fail(const std::string& command, const Status& status) {
  std::cerr << "disrupt " << command << ": " << status.message();
  if (!status.field().empty()) std::cerr << " (" << status.field() << ")";
  std::cerr << "\n";
  return ToExitCode(status.code());
}

std::optional<int> ParseActionArgs(Args& args, const std::vector<std::string>& argv, const std::string& command) {
  if (Status s = args.Parse(argv); !s.ok()) return Fail(command, s);
  if (args.help_requested() || args.positionals().empty()) {
    std::cout << args.Help();
    return args.help_requested() ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace disrupt::cli
