// The `disrupt` binary: dispatches to a subcommand. Anything unexpected that
// escapes a command is reported without details and exits 70.
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const disrupt::cli::Argv&);
};

constexpr Command kCommands[] = {
    {"init", "Create a catalogue store, load the members, create the first administrator", disrupt::cli::InitCommand},
    {"import", "Import records from CSV (with a mapping), FollowTheMoney JSON Lines or Disrupt JSON",
     disrupt::cli::ImportCommand},
    {"export", "Export records as Disrupt JSON, FollowTheMoney, CSV, GraphML, GEXF or i2 ANX",
     disrupt::cli::ExportCommand},
    {"generate", "Generate a synthetic regional data set with its ground truth", disrupt::cli::GenerateCommand},
    {"stats", "Summarise the catalogue", disrupt::cli::StatsCommand},
    {"search", "Search names, aliases and identifiers across scripts", disrupt::cli::SearchCommand},
    {"show", "Show one record and its links", disrupt::cli::ShowCommand},
    {"analyze", "Network measures, brokers, hierarchy, routes", disrupt::cli::AnalyzeCommand},
    {"plan", "Plan a disruption: which targets break a network, and would it rebuild", disrupt::cli::PlanCommand},
    {"resolve", "Resolve the same person across member states' records", disrupt::cli::ResolveCommand},
    {"encode", "Encode records for privacy-preserving deconfliction", disrupt::cli::EncodeCommand},
    {"match", "Match deconfliction encodings (hit/no-hit)", disrupt::cli::MatchCommand},
    {"serve", "Run the members' portal server", disrupt::cli::ServeCommand},
    {"user", "Manage users: add, disable, reset-totp, list", disrupt::cli::UserCommand},
    {"audit", "Verify and query the tamper-evident audit log", disrupt::cli::AuditCommand},
    {"backup", "Make a consistent online backup", disrupt::cli::BackupCommand},
    {"restore", "Restore a backup and verify it", disrupt::cli::RestoreCommand},
    {"migrate", "Move a whole catalogue between stores and verify it", disrupt::cli::MigrateCommand},
    {"retention", "Records past their review date: list them, remove the lapsed ones", disrupt::cli::RetentionCommand},
};

void Usage(std::ostream& out) {
  out << "usage: disrupt COMMAND [options]\n\n"
         "Disrupt: the catalogue, analysis and secure sharing platform of the Working Group\n"
         "on the Disruption of Criminal Networks involved in People Smuggling and Trafficking.\n\n"
         "commands:\n";
  for (const auto& c : kCommands) {
    out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  }
  out << "\nRun 'disrupt COMMAND --help' for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    Usage(std::cout);
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::cout << "disrupt " DISRUPT_VERSION "\n";
    return 0;
  }
  disrupt::cli::Argv args(argv + 2, argv + argc);
  for (const auto& c : kCommands) {
    if (std::strcmp(argv[1], c.name) != 0) continue;
    try {
      return c.run(args);
    } catch (const std::exception&) {
      std::cerr << "disrupt " << c.name << ": internal error\n";
      return 70;
    }
  }
  std::cerr << "disrupt: unknown command '" << argv[1] << "'\n\n";
  Usage(std::cerr);
  return 2;
}
