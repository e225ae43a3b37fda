// Actor attributes, jurisdiction, constraints and visibility; see actors.h.
#include "disrupt/actors.h"

#include <algorithm>
#include <cmath>

#include "core/csv.h"
#include "core/text.h"

namespace disrupt::plan {

Result<ActorTable> LoadActors(const std::string& path, const graph::Graph& graph) {
  DISRUPT_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  std::vector<std::string> row;
  if (!reader->Next(row)) return Status::InvalidArgument("empty node file: want a header node,country,...", path + ":1");
  CsvHeader header(row);
  int c_node = header.Find("node"), c_country = header.Find("country"), c_nat = header.Find("nationality"),
      c_cost = header.Find("cost");
  if (c_country < 0) c_country = header.Find("location");
  if (c_node < 0) return Status::InvalidArgument("node file header must name a 'node' column", path + ":1");
  ActorTable table;
  table.actors.resize(graph.num_nodes());
  while (reader->Next(row)) {
    std::string where = path + ":" + std::to_string(reader->line());
    if (!reader->error().ok()) return reader->error();
    auto cell = [&](int c) -> std::string_view {
      return c >= 0 && c < static_cast<int>(row.size()) ? Trim(row[c]) : std::string_view();
    };
    std::string_view label = cell(c_node);
    if (label.empty()) return Status::InvalidArgument("empty node", where + ":node");
    NodeIndex v = graph.Find(label);
    if (v == graph::kNoNode) {
      table.unknown_rows++;
      continue;
    }
    Actor& a = table.actors[v];
    a.country = AsciiUpper(cell(c_country));
    a.nationalities.clear();
    for (auto& nat : SplitTrimmed(cell(c_nat), ';')) a.nationalities.push_back(AsciiUpper(nat));
    std::string_view cost = cell(c_cost);
    if (!cost.empty()) {
      double c = 0;
      if (!ParseDouble(cost, c) || !std::isfinite(c) || c <= 0) {
        return Status::InvalidArgument("cost must be a number > 0, got '" + std::string(cost) + "'", where + ":cost");
      }
      a.cost = c;
    }
  }
  return table;
}

std::vector<std::string> Jurisdictions(const Actor& actor) {
  std::vector<std::string> out;
  if (!actor.country.empty()) out.push_back(actor.country);
  for (const auto& n : actor.nationalities) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  return out;
}

Constraints MakeConstraints(const ActorTable& table, const JurisdictionRules& rules) {
  Constraints c;
  size_t n = table.actors.size();
  c.cost.resize(n);
  if (!rules.actionable_by.empty()) c.removable.assign(n, 0);
  for (size_t v = 0; v < n; ++v) {
    const Actor& a = table.actors[v];
    if (a.cost > 0) {
      c.cost[v] = a.cost;
    } else if (!rules.acting_state.empty() && a.country != rules.acting_state) {
      c.cost[v] = rules.abroad_cost;
    } else {
      c.cost[v] = rules.home_cost;
    }
    if (!rules.actionable_by.empty()) {
      for (const auto& j : Jurisdictions(a)) {
        if (std::find(rules.actionable_by.begin(), rules.actionable_by.end(), j) != rules.actionable_by.end()) {
          c.removable[v] = 1;
          break;
        }
      }
    }
  }
  return c;
}

std::vector<uint8_t> LocatedIn(const ActorTable& table, const std::vector<std::string>& countries) {
  std::vector<uint8_t> mask(table.actors.size(), 0);
  for (size_t v = 0; v < table.actors.size(); ++v) {
    const auto& country = table.actors[v].country;
    mask[v] = !country.empty() && std::find(countries.begin(), countries.end(), country) != countries.end();
  }
  return mask;
}

graph::Graph VisibleSubgraph(const graph::Graph& graph, const Visibility& visible, std::vector<NodeIndex>* kept) {
  NodeIndex n = graph.num_nodes();
  std::vector<NodeIndex> local(n, graph::kNoNode);
  graph::GraphBuilder builder(graph::BuildOptions{graph.directed(), true, graph.weighted()});
  if (kept) kept->clear();
  for (NodeIndex v = 0; v < n; ++v) {
    if (!visible(graph.label(v))) continue;
    local[v] = builder.AddNode(graph.label(v));
    if (kept) kept->push_back(v);
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (local[v] == graph::kNoNode) continue;
    auto targets = graph.Neighbors(v);
    auto weights = graph.Weights(v);
    for (size_t i = 0; i < targets.size(); ++i) {
      NodeIndex u = targets[i];
      if (local[u] == graph::kNoNode) continue;
      if (!graph.directed() && u < v) continue;  // undirected links are listed at both ends
      builder.AddLink(local[v], local[u], weights.empty() ? 1.0 : weights[i]);
    }
  }
  return builder.Build();
}

}  // namespace disrupt::plan
