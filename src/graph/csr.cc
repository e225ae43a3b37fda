// CSR graph building and edge-list loading; see csr.h.
#include "graph/csr.h"

#include <algorithm>
#include <fstream>

#include "core/csv.h"
#include "core/text.h"

namespace disrupt::graph {

NodeIndex Graph::Find(std::string_view label) const {
  auto it = index_.find(std::string(label));
  return it == index_.end() ? kNoNode : it->second;
}

size_t Graph::MemoryBytes() const {
  size_t bytes = out_offsets_.size() * 8 + out_targets_.size() * 4 + out_weights_.size() * 8 + in_offsets_.size() * 8 +
                 in_sources_.size() * 4 + in_weights_.size() * 8;
  for (const auto& l : labels_) bytes += sizeof(std::string) + (l.size() > 15 ? l.size() : 0);
  return bytes;
}

NodeIndex GraphBuilder::AddNode(std::string_view label) {
  auto [it, inserted] = index_.try_emplace(std::string(label), static_cast<NodeIndex>(labels_.size()));
  if (inserted) labels_.emplace_back(label);
  return it->second;
}

void GraphBuilder::AddLink(NodeIndex u, NodeIndex v, double weight) {
  if (u == v && !options_.keep_self_loops) return;
  arcs_.push_back(Arc{u, v, weight});
}

namespace {

// Fills offsets/targets/weights from arcs already sorted by (u, v), merging duplicates.
void FillCsr(const std::vector<std::pair<NodeIndex, std::pair<NodeIndex, double>>>& arcs, NodeIndex n, bool weighted,
             std::vector<uint64_t>& offsets, std::vector<NodeIndex>& targets, std::vector<double>& weights) {
  offsets.assign(static_cast<size_t>(n) + 1, 0);
  targets.clear();
  weights.clear();
  targets.reserve(arcs.size());
  if (weighted) weights.reserve(arcs.size());
  for (size_t i = 0; i < arcs.size();) {
    NodeIndex u = arcs[i].first, v = arcs[i].second.first;
    double w = 0;
    size_t j = i;
    while (j < arcs.size() && arcs[j].first == u && arcs[j].second.first == v) w += arcs[j++].second.second;
    targets.push_back(v);
    if (weighted) weights.push_back(w);
    offsets[u + 1]++;
    i = j;
  }
  for (NodeIndex v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
}

}  // namespace

Graph GraphBuilder::Build() {
  Graph g;
  g.directed_ = options_.directed;
  NodeIndex n = num_nodes();
  std::vector<std::pair<NodeIndex, std::pair<NodeIndex, double>>> out;
  out.reserve(options_.directed ? arcs_.size() : arcs_.size() * 2);
  for (const auto& a : arcs_) {
    out.push_back({a.u, {a.v, a.w}});
    if (!options_.directed && a.u != a.v) out.push_back({a.v, {a.u, a.w}});
  }
  auto by_pair = [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second.first < y.second.first;
  };
  std::sort(out.begin(), out.end(), by_pair);
  FillCsr(out, n, options_.weighted, g.out_offsets_, g.out_targets_, g.out_weights_);
  if (options_.directed) {
    g.num_links_ = g.out_targets_.size();
    std::vector<std::pair<NodeIndex, std::pair<NodeIndex, double>>> in;
    in.reserve(arcs_.size());
    for (const auto& a : arcs_) in.push_back({a.v, {a.u, a.w}});
    std::sort(in.begin(), in.end(), by_pair);
    FillCsr(in, n, options_.weighted, g.in_offsets_, g.in_sources_, g.in_weights_);
  } else {
    uint64_t self = 0;
    for (NodeIndex v = 0; v < n; ++v) {
      for (NodeIndex u : g.Neighbors(v)) self += (u == v);
    }
    g.num_links_ = (g.out_targets_.size() - self) / 2 + self;
  }
  g.labels_ = std::move(labels_);
  g.index_ = std::move(index_);
  labels_.clear();
  index_.clear();
  arcs_.clear();
  return g;
}

Result<Graph> LoadEdgeList(const std::string& path, bool directed) {
  std::ifstream probe(path);
  if (!probe) return Status::NotFound("cannot open edge list " + path);
  std::string first;
  std::getline(probe, first);
  char delimiter = first.find('\t') != std::string::npos && first.find(',') == std::string::npos ? '\t' : ',';
  probe.close();
  DISRUPT_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, delimiter));
  std::vector<std::string> row;
  if (!reader->Next(row)) return Status::InvalidArgument("empty edge list: want a header source,target[,weight]", path + ":1");
  CsvHeader header(row);
  int cs = header.Find("source"), ct = header.Find("target"), cw = header.Find("weight");
  if (cs < 0 || ct < 0) {
    return Status::InvalidArgument("edge list header must name columns source and target", path + ":1");
  }
  GraphBuilder builder(BuildOptions{directed, true, cw >= 0});
  while (reader->Next(row)) {
    std::string where = path + ":" + std::to_string(reader->line());
    if (!reader->error().ok()) return reader->error();
    if (static_cast<int>(row.size()) <= std::max(cs, ct)) {
      return Status::InvalidArgument("row has " + std::to_string(row.size()) + " columns, header has " +
                                         std::to_string(header.names().size()),
                                     where);
    }
    std::string_view s = Trim(row[cs]), t = Trim(row[ct]);
    if (s.empty()) return Status::InvalidArgument("empty source", where + ":source");
    if (t.empty()) return Status::InvalidArgument("empty target", where + ":target");
    double w = 1.0;
    if (cw >= 0 && cw < static_cast<int>(row.size()) && !Trim(row[cw]).empty()) {
      if (!ParseDouble(row[cw], w) || !(w == w)) {
        return Status::InvalidArgument("weight is not a number: '" + row[cw] + "'", where + ":weight");
      }
    }
    builder.AddLink(s, t, w);
  }
  return builder.Build();
}

}  // namespace disrupt::graph
