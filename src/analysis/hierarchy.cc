// Hierarchy levels from command links; see hierarchy.h.
//
// Cycles in the command subgraph are collapsed with an iterative Tarjan
// strongly-connected-components pass; levels are then longest paths in the
// resulting DAG, taken in topological order.
#include "analysis/hierarchy.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace disrupt::analysis {

namespace {

using graph::NodeIndex;

// Strongly connected components of a small adjacency list (iterative Tarjan).
std::vector<int> Scc(const std::vector<std::vector<NodeIndex>>& adj, int& count) {
  const NodeIndex n = static_cast<NodeIndex>(adj.size());
  std::vector<int> index(n, -1), low(n, 0), comp(n, -1);
  std::vector<uint8_t> on_stack(n, 0);
  std::vector<NodeIndex> stack;
  std::vector<std::pair<NodeIndex, size_t>> call;
  int next = 0;
  count = 0;
  for (NodeIndex s = 0; s < n; ++s) {
    if (index[s] >= 0) continue;
    call.push_back({s, 0});
    index[s] = low[s] = next++;
    stack.push_back(s);
    on_stack[s] = 1;
    while (!call.empty()) {
      auto& [v, i] = call.back();
      if (i < adj[v].size()) {
        NodeIndex w = adj[v][i++];
        if (index[w] < 0) {
          index[w] = low[w] = next++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        NodeIndex w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp[w] = count;
        } while (w != v);
        ++count;
      }
      NodeIndex done = v;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
    }
  }
  return comp;
}

}  // namespace

HierarchyResult AnalyzeHierarchy(const Snapshot& snap, const HierarchyOptions& options) {
  const NodeIndex n = static_cast<NodeIndex>(snap.nodes.size());
  std::set<std::string> command(options.command_types.begin(), options.command_types.end());
  std::vector<std::vector<NodeIndex>> down(n), up(n), other(n);
  for (const auto& l : snap.links) {
    if (l.source == l.target) continue;
    if (command.count(l.type)) {
      down[l.source].push_back(l.target);
      up[l.target].push_back(l.source);
    } else {
      other[l.source].push_back(l.target);
      other[l.target].push_back(l.source);
    }
  }
  std::vector<int> level(n, -1);
  std::vector<uint8_t> estimated(n, 0);
  std::vector<std::string> why(n);
  // Evidence: longest chain of command above each actor.
  int comps = 0;
  std::vector<int> comp = Scc(down, comps);
  // Tarjan numbers components in reverse topological order: superiors'
  // components get higher numbers. Walk from the highest.
  std::vector<int> comp_level(comps, 0);
  std::vector<std::vector<NodeIndex>> members(comps);
  for (NodeIndex v = 0; v < n; ++v) members[comp[v]].push_back(v);
  for (int c = comps - 1; c >= 0; --c) {
    for (NodeIndex v : members[c]) {
      for (NodeIndex w : down[v]) {
        if (comp[w] != c) comp_level[comp[w]] = std::max(comp_level[comp[w]], comp_level[c] + 1);
      }
    }
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (down[v].empty() && up[v].empty()) continue;
    level[v] = comp_level[comp[v]];
    if (up[v].empty()) {
      why[v] = "nobody directs, recruits or finances " + snap.nodes[v].id + ": top of its chain";
    } else {
      why[v] = "below " + std::to_string(up[v].size()) + " superior(s) by command, recruitment or finance links";
    }
    if (members[comp[v]].size() > 1) why[v] += " (in a cycle of command links, levels shared)";
  }
  // Estimate outwards through other links: one level below the highest-placed contact.
  std::vector<NodeIndex> frontier;
  for (NodeIndex v = 0; v < n; ++v) {
    if (level[v] >= 0) frontier.push_back(v);
  }
  auto spread = [&](std::vector<NodeIndex> from) {
    while (!from.empty()) {
      std::vector<NodeIndex> next;
      for (NodeIndex v : from) {
        for (NodeIndex w : other[v]) {
          if (level[w] >= 0 && !(estimated[w] && level[w] > level[v] + 1)) continue;
          if (level[w] < 0) next.push_back(w);
          level[w] = level[v] + 1;
          estimated[w] = 1;
          why[w] = "no command link: placed one level below its contact " + snap.nodes[v].id;
        }
      }
      from = std::move(next);
    }
  };
  spread(frontier);
  // Groups with no command link at all: by distance from the most connected member.
  for (;;) {
    NodeIndex best = graph::kNoNode;
    for (NodeIndex v = 0; v < n; ++v) {
      if (level[v] >= 0 || other[v].empty()) continue;
      if (best == graph::kNoNode || other[v].size() > other[best].size()) best = v;
    }
    if (best == graph::kNoNode) break;
    level[best] = 0;
    estimated[best] = 1;
    why[best] = "no command links in its group: placed at the top as its most connected member (" +
                std::to_string(other[best].size()) + " links)";
    spread({best});
  }
  HierarchyResult result;
  std::set<int> distinct;
  for (NodeIndex v = 0; v < n; ++v) {
    if (level[v] < 0) continue;  // isolated actor: no evidence either way
    HierarchyEntry e;
    e.id = snap.nodes[v].id;
    e.level = level[v];
    e.estimated = estimated[v];
    for (NodeIndex u : up[v]) e.superiors.push_back(snap.nodes[u].id);
    for (NodeIndex u : down[v]) e.subordinates.push_back(snap.nodes[u].id);
    std::sort(e.superiors.begin(), e.superiors.end());
    std::sort(e.subordinates.begin(), e.subordinates.end());
    e.explanation = "level " + std::to_string(level[v]) + (estimated[v] ? " (estimated)" : "") + ": " + why[v];
    distinct.insert(level[v]);
    result.entries.push_back(std::move(e));
  }
  std::sort(result.entries.begin(), result.entries.end(), [](const auto& a, const auto& b) {
    return a.level != b.level ? a.level < b.level : a.id < b.id;
  });
  result.levels = static_cast<int>(distinct.size());
  return result;
}

nlohmann::json HierarchyResult::ToJson() const {
  nlohmann::json j;
  j["levels"] = levels;
  auto& list = j["entries"] = nlohmann::json::array();
  for (const auto& e : entries) {
    list.push_back({{"id", e.id},
                    {"level", e.level},
                    {"estimated", e.estimated},
                    {"superiors", e.superiors},
                    {"subordinates", e.subordinates},
                    {"explanation", e.explanation}});
  }
  return j;
}

}  // namespace disrupt::analysis
