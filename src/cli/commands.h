// The subcommands of the `disrupt` binary. Each lives in its own
// <name>_command.cc, parses its arguments with Args, calls the library and
// renders the result; none holds logic of its own.
#pragma once

#include <string>
#include <vector>

namespace disrupt::cli {

using Argv = std::vector<std::string>;

int InitCommand(const Argv& argv);      // create the store, load members, first administrator
int ImportCommand(const Argv& argv);    // CSV (with mapping), FollowTheMoney JSONL, own JSON
int ExportCommand(const Argv& argv);    // own JSON, FtM, CSV, GraphML, GEXF, ANX
int GenerateCommand(const Argv& argv);  // synthetic regional data with ground truth
int StatsCommand(const Argv& argv);     // catalogue summary
int SearchCommand(const Argv& argv);    // cross-script search
int ShowCommand(const Argv& argv);      // one record, with its links
int AnalyzeCommand(const Argv& argv);   // network measures (catalogue or edge list)
int PlanCommand(const Argv& argv);      // disruption planning and what-if
int ResolveCommand(const Argv& argv);   // entity resolution
int EncodeCommand(const Argv& argv);    // privacy-preserving encodings for deconfliction
int MatchCommand(const Argv& argv);     // match encodings (hit/no-hit)
int ServeCommand(const Argv& argv);     // the members' portal server
int UserCommand(const Argv& argv);      // user administration
int AuditCommand(const Argv& argv);     // audit log verification and queries
int BackupCommand(const Argv& argv);    // consistent online backup
int RestoreCommand(const Argv& argv);   // restore and verify a backup
int MigrateCommand(const Argv& argv);   // move a catalogue between stores
int RetentionCommand(const Argv& argv); // records past their review date

}  // namespace disrupt::cli
