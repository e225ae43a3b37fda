// disrupt export: writes the catalogue (or one network, or some record types)
// as Disrupt JSON, FollowTheMoney, CSV, GraphML, GEXF or i2 ANX, each file
// marked with the most restrictive handling of its contents (ingest/exporter.h).
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/text.h"
#include "ingest/exporter.h"

namespace disrupt::cli {

int ExportCommand(const Argv& argv) {
  constexpr const char* kCommand = "export";
  Args args(kCommand,
            "Export records from the catalogue. Every file states at its top the most restrictive handling\n"
            "and the weakest grade of what it holds.");
  AddStoreOption(args)
      .Option("format", "json, ftm, csv, graphml, gexf or anx (i2 Analyst's Notebook)", "json")
      .Option("out", "Output file (written in full, then moved into place)")
      .Option("network", "Only this network: its Network entity and the records that belong to it")
      .Option("types", "Only these record types, comma-separated (e.g. Person,Phone,holds)")
      .Epilog(
          "examples:\n"
          "  disrupt export --format json --out catalogue.jsonl\n"
          "  disrupt export --format anx --network NET-0003 --out southern_route.anx\n"
          "  disrupt export --format graphml --types Person,Organisation,member_of,directs --out hierarchy.graphml");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  ingest::ExportOptions options;
  auto format = ingest::ParseExportFormat(args.Get("format"));
  if (!format.ok()) return Fail(kCommand, format.status());
  options.format = *format;
  options.out_path = args.Get("out");
  if (options.out_path.empty()) return Fail(kCommand, Status::InvalidArgument("give the output file", "--out"));
  options.network = args.Get("network");
  if (args.Has("types")) options.types = SplitTrimmed(args.Get("types"), ',');

  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kCommand, store.status());
  auto summary = ingest::Export(*store.value(), options);
  if (!summary.ok()) return Fail(kCommand, summary.status());
  const auto& sum = summary.value();
  std::cerr << "exported " << sum.entities << " entities, " << sum.links << " links, " << sum.events << " events to "
            << options.out_path << "\n"
            << "marking: " << sum.Marking() << "\n";
  if (sum.outside_filter) {
    std::cerr << "note: " << sum.outside_filter
              << " links or events left out because they refer to entities outside the export\n";
  }
  for (const auto& [type, count] : sum.not_representable) {
    std::cerr << "note: " << count << " " << type << " records left out: the " << ingest::ToString(*format)
              << " format cannot hold them\n";
  }
  if (sum.refer_to_left_out) {
    std::cerr << "note: " << sum.refer_to_left_out << " links or events left out because they refer to records the "
              << ingest::ToString(*format) << " format cannot hold\n";
  }
  return 0;
}

}  // namespace disrupt::cli
