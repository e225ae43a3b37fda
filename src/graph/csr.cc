// CSR graph building and edge-list loading; see csr.h.
//
// Build: arcs are bucketed by their tail with a counting sort (two passes
// over the arcs), then every node's list is sorted by head and repeated arcs
// merged, in parallel over nodes, and the lists are compacted in place.
//
// LoadEdgeList fast path: the file is read whole; the data lines are split
// into one slice per thread at line ends; each thread parses its slice into
// arcs over thread-local label ids (labels as views into the buffer). The
// slices' labels are then merged into the global table in slice order, which
// keeps node order = order of first appearance. Errors carry the byte offset,
// turned into a line number only when reported.
#include "graph/csr.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <thread>

#include "core/csv.h"
#include "core/text.h"

namespace disrupt::graph {

namespace {

unsigned DefaultThreads(unsigned requested) {
  if (requested) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw ? hw : 1;
}

inline uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Open-addressing table over views (used per loader thread).
class ViewTable {
 public:
  // The local id of `key`, adding it when new.
  uint32_t Intern(std::string_view key) {
    if ((keys_.size() + 1) * 2 > slots_.size()) Grow();
    uint64_t h = HashLabel(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t s = slots_[i];
      if (s == kNoNode) {
        slots_[i] = static_cast<uint32_t>(keys_.size());
        keys_.push_back(key);
        return slots_[i];
      }
      if (keys_[s] == key) return s;
    }
  }
  const std::vector<std::string_view>& keys() const { return keys_; }

 private:
  void Grow() {
    std::vector<uint32_t> fresh(std::max<size_t>(1024, slots_.size() * 2), kNoNode);
    size_t mask = fresh.size() - 1;
    for (uint32_t id = 0; id < keys_.size(); ++id) {
      size_t i = HashLabel(keys_[id]) & mask;
      while (fresh[i] != kNoNode) i = (i + 1) & mask;
      fresh[i] = id;
    }
    slots_.swap(fresh);
  }
  std::vector<uint32_t> slots_;
  std::vector<std::string_view> keys_;
};

// Fills one direction's CSR arrays from arcs, merging repeated (u, v).
// `emit(arc, push)` calls push(tail, head, weight) for each stored arc.
template <typename Emit>
void FillCsr(size_t num_arcs_hint, NodeIndex n, bool weighted, unsigned threads, Emit emit,
             std::vector<uint64_t>& offsets, std::vector<NodeIndex>& heads, std::vector<double>& weights) {
  offsets.assign(static_cast<size_t>(n) + 1, 0);
  emit([&](NodeIndex u, NodeIndex, double) { offsets[u + 1]++; });
  for (NodeIndex v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  const uint64_t total = offsets[n];
  (void)num_arcs_hint;
  heads.assign(total, 0);
  weights.assign(weighted ? total : 0, 0.0);
  {
    std::vector<uint64_t> cursor(offsets.begin(), offsets.end() - 1);
    emit([&](NodeIndex u, NodeIndex v, double w) {
      uint64_t at = cursor[u]++;
      heads[at] = v;
      if (weighted) weights[at] = w;
    });
  }
  // Sort and merge each list; record the merged length.
  std::vector<uint32_t> kept(n, 0);
  auto work = [&](NodeIndex begin, NodeIndex end) {
    std::vector<std::pair<NodeIndex, double>> buf;
    for (NodeIndex v = begin; v < end; ++v) {
      uint64_t b = offsets[v], e = offsets[v + 1];
      if (e == b) continue;
      uint64_t out = b;
      if (!weighted) {
        std::sort(heads.begin() + static_cast<long>(b), heads.begin() + static_cast<long>(e));
        for (uint64_t i = b; i < e; ++i) {
          if (i == b || heads[i] != heads[out - 1]) heads[out++] = heads[i];
        }
      } else {
        buf.clear();
        for (uint64_t i = b; i < e; ++i) buf.push_back({heads[i], weights[i]});
        std::sort(buf.begin(), buf.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        for (size_t i = 0; i < buf.size(); ++i) {
          if (out > b && heads[out - 1] == buf[i].first) {
            weights[out - 1] += buf[i].second;
          } else {
            heads[out] = buf[i].first;
            weights[out] = buf[i].second;
            ++out;
          }
        }
      }
      kept[v] = static_cast<uint32_t>(out - b);
    }
  };
  threads = std::max(1u, std::min<unsigned>(threads, n / 4096 + 1));
  if (threads == 1) {
    work(0, n);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      NodeIndex b = static_cast<NodeIndex>(uint64_t{n} * t / threads);
      NodeIndex e = static_cast<NodeIndex>(uint64_t{n} * (t + 1) / threads);
      pool.emplace_back(work, b, e);
    }
    for (auto& th : pool) th.join();
  }
  // Compact in place (write position never passes the read position).
  uint64_t write = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    uint64_t b = offsets[v];
    if (write != b) {
      std::memmove(heads.data() + write, heads.data() + b, kept[v] * sizeof(NodeIndex));
      if (weighted) std::memmove(weights.data() + write, weights.data() + b, kept[v] * sizeof(double));
    }
    offsets[v] = write;
    write += kept[v];
  }
  offsets[n] = write;
  heads.resize(write);
  heads.shrink_to_fit();
  if (weighted) {
    weights.resize(write);
    weights.shrink_to_fit();
  }
}

}  // namespace

uint64_t HashLabel(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = Mix(h ^ w);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return Mix(h ^ tail ^ 0x2545F4914F6CDD1DULL);
}

NodeIndex LabelTable::Find(std::string_view label, const std::vector<std::string>& labels) const {
  if (slots_.empty()) return kNoNode;
  size_t mask = slots_.size() - 1;
  for (size_t i = HashLabel(label) & mask;; i = (i + 1) & mask) {
    NodeIndex s = slots_[i];
    if (s == kNoNode) return kNoNode;
    if (labels[s] == label) return s;
  }
}

void LabelTable::Insert(NodeIndex id, const std::vector<std::string>& labels) {
  if ((size_ + 1) * 2 > slots_.size()) Grow(labels);
  size_t mask = slots_.size() - 1;
  size_t i = HashLabel(labels[id]) & mask;
  while (slots_[i] != kNoNode) i = (i + 1) & mask;
  slots_[i] = id;
  ++size_;
}

void LabelTable::Grow(const std::vector<std::string>& labels) {
  std::vector<NodeIndex> fresh(std::max<size_t>(64, slots_.size() * 2), kNoNode);
  size_t mask = fresh.size() - 1;
  for (NodeIndex s : slots_) {
    if (s == kNoNode) continue;
    size_t i = HashLabel(labels[s]) & mask;
    while (fresh[i] != kNoNode) i = (i + 1) & mask;
    fresh[i] = s;
  }
  slots_.swap(fresh);
}

NodeIndex Graph::Find(std::string_view label) const { return index_.Find(label, labels_); }

size_t Graph::MemoryBytes() const {
  size_t bytes = out_offsets_.size() * 8 + out_targets_.size() * 4 + out_weights_.size() * 8 + in_offsets_.size() * 8 +
                 in_sources_.size() * 4 + in_weights_.size() * 8 + index_.MemoryBytes();
  for (const auto& l : labels_) bytes += sizeof(std::string) + (l.size() > 15 ? l.size() : 0);
  return bytes;
}

NodeIndex GraphBuilder::AddNode(std::string_view label) {
  NodeIndex found = index_.Find(label, labels_);
  if (found != kNoNode) return found;
  NodeIndex id = static_cast<NodeIndex>(labels_.size());
  labels_.emplace_back(label);
  index_.Insert(id, labels_);
  return id;
}

void GraphBuilder::AddLink(NodeIndex u, NodeIndex v, double weight) {
  if (u == v && !options_.keep_self_loops) return;
  arcs_.push_back(Arc{u, v, weight});
}

Graph GraphBuilder::Build(unsigned threads) {
  threads = DefaultThreads(threads);
  Graph g;
  g.directed_ = options_.directed;
  const NodeIndex n = num_nodes();
  const bool weighted = options_.weighted;
  if (options_.directed) {
    FillCsr(
        arcs_.size(), n, weighted, threads,
        [&](auto push) {
          for (const Arc& a : arcs_) push(a.u, a.v, a.w);
        },
        g.out_offsets_, g.out_targets_, g.out_weights_);
    FillCsr(
        arcs_.size(), n, weighted, threads,
        [&](auto push) {
          for (const Arc& a : arcs_) push(a.v, a.u, a.w);
        },
        g.in_offsets_, g.in_sources_, g.in_weights_);
    g.num_links_ = g.out_targets_.size();
  } else {
    FillCsr(
        arcs_.size() * 2, n, weighted, threads,
        [&](auto push) {
          for (const Arc& a : arcs_) {
            push(a.u, a.v, a.w);
            if (a.u != a.v) push(a.v, a.u, a.w);
          }
        },
        g.out_offsets_, g.out_targets_, g.out_weights_);
    uint64_t self = 0;
    for (NodeIndex v = 0; v < n; ++v) {
      auto nbrs = g.Neighbors(v);
      self += std::binary_search(nbrs.begin(), nbrs.end(), v);
    }
    g.num_links_ = (g.out_targets_.size() - self) / 2 + self;
  }
  g.labels_ = std::move(labels_);
  g.index_ = std::move(index_);
  labels_.clear();
  index_.Clear();
  arcs_.clear();
  arcs_.shrink_to_fit();
  return g;
}

namespace {

// The generic path: any CSV (quoted fields included) through CsvReader.
Result<Graph> LoadEdgeListGeneric(const std::string& path, bool directed, char delimiter) {
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

struct SliceError {
  size_t offset = SIZE_MAX;  // byte offset of the line in the buffer
  std::string message;
  std::string field;
};

struct Slice {
  ViewTable labels;
  std::vector<uint32_t> src, dst;
  std::vector<double> weight;
  SliceError error;
};

inline std::string_view TrimView(const char* b, const char* e) {
  while (b < e && (*b == ' ' || *b == '\t' || *b == '\r')) ++b;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) --e;
  return {b, static_cast<size_t>(e - b)};
}

// Parses the lines in [begin, end) of `buf`.
void ParseSlice(const char* buf, size_t begin, size_t end, char delim, int cs, int ct, int cw, int columns,
                Slice& out) {
  const char* p = buf + begin;
  const char* stop = buf + end;
  std::string_view fields[64];
  const int need = std::max({cs, ct, cw}) + 1;
  while (p < stop) {
    const char* line = p;
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(stop - p)));
    if (!eol) eol = stop;
    p = eol + 1;
    int k = 0;
    const char* f = line;
    while (k < need) {
      const char* d = static_cast<const char*>(std::memchr(f, delim, static_cast<size_t>(eol - f)));
      const char* fe = d ? d : eol;
      fields[k++] = TrimView(f, fe);
      if (!d) break;
      f = d + 1;
    }
    if (k == 1 && fields[0].empty()) continue;  // blank line
    auto fail = [&](std::string message, std::string field) {
      out.error = {static_cast<size_t>(line - buf), std::move(message), std::move(field)};
    };
    if (k <= std::max(cs, ct)) {
      fail("row has " + std::to_string(k) + " columns, header has " + std::to_string(columns), "");
      return;
    }
    if (fields[cs].empty()) return fail("empty source", "source");
    if (fields[ct].empty()) return fail("empty target", "target");
    double w = 1.0;
    if (cw >= 0 && cw < k && !fields[cw].empty()) {
      std::string_view t = fields[cw];
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), w);
      if (ec != std::errc() || ptr != t.data() + t.size() || !(w == w)) {
        return fail("weight is not a number: '" + std::string(t) + "'", "weight");
      }
    }
    out.src.push_back(out.labels.Intern(fields[cs]));
    out.dst.push_back(out.labels.Intern(fields[ct]));
    if (cw >= 0) out.weight.push_back(w);
  }
}

}  // namespace

Result<Graph> LoadEdgeList(const std::string& path, bool directed) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open edge list " + path);
  std::string buf;
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return Status::NotFound("cannot read edge list " + path);
  buf.resize(static_cast<size_t>(size));
  in.seekg(0);
  in.read(buf.data(), size);
  if (!in) return Status::Unavailable("cannot read edge list " + path);
  size_t start = buf.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  size_t header_end = buf.find('\n', start);
  std::string_view header_line(buf.data() + start, (header_end == std::string::npos ? buf.size() : header_end) - start);
  char delimiter =
      header_line.find('\t') != std::string_view::npos && header_line.find(',') == std::string_view::npos ? '\t' : ',';
  // Quoted fields or invalid UTF-8 (reported by the generic reader): the generic path.
  if (buf.find('"') != std::string::npos || !IsValidUtf8(buf)) return LoadEdgeListGeneric(path, directed, delimiter);
  if (Trim(header_line).empty()) {
    return Status::InvalidArgument("empty edge list: want a header source,target[,weight]", path + ":1");
  }
  std::vector<std::string> names = Split(header_line, delimiter);
  for (auto& name : names) name = std::string(Trim(name));
  CsvHeader header(names);
  int cs = header.Find("source"), ct = header.Find("target"), cw = header.Find("weight");
  if (cs < 0 || ct < 0) {
    return Status::InvalidArgument("edge list header must name columns source and target", path + ":1");
  }
  if (std::max({cs, ct, cw}) >= 64) return LoadEdgeListGeneric(path, directed, delimiter);
  const size_t data = header_end == std::string::npos ? buf.size() : header_end + 1;
  const unsigned threads = buf.size() - data > (1u << 20) ? DefaultThreads(0) : 1;
  std::vector<size_t> cuts{data};
  for (unsigned t = 1; t < threads; ++t) {
    size_t c = std::max(cuts.back(), data + (buf.size() - data) * t / threads);
    size_t nl = buf.find('\n', c);
    cuts.push_back(nl == std::string::npos ? buf.size() : nl + 1);
  }
  cuts.push_back(buf.size());
  std::vector<Slice> slices(threads);
  {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
      pool.emplace_back(ParseSlice, buf.data(), cuts[t], cuts[t + 1], delimiter, cs, ct, cw,
                        static_cast<int>(names.size()), std::ref(slices[t]));
    }
    ParseSlice(buf.data(), cuts[0], cuts[1], delimiter, cs, ct, cw, static_cast<int>(names.size()), slices[0]);
    for (auto& th : pool) th.join();
  }
  for (const Slice& s : slices) {
    if (s.error.offset == SIZE_MAX) continue;
    uint64_t line = 1 + static_cast<uint64_t>(std::count(buf.begin(), buf.begin() + static_cast<long>(s.error.offset), '\n'));
    std::string where = path + ":" + std::to_string(line) + (s.error.field.empty() ? "" : ":" + s.error.field);
    return Status::InvalidArgument(s.error.message, where);
  }
  GraphBuilder builder(BuildOptions{directed, true, cw >= 0});
  size_t total = 0;
  for (const Slice& s : slices) total += s.src.size();
  builder.Reserve(total);
  for (Slice& s : slices) {
    std::vector<NodeIndex> global(s.labels.keys().size());
    for (size_t i = 0; i < global.size(); ++i) global[i] = builder.AddNode(s.labels.keys()[i]);
    for (size_t i = 0; i < s.src.size(); ++i) {
      builder.arcs_.push_back(GraphBuilder::Arc{global[s.src[i]], global[s.dst[i]], cw >= 0 ? s.weight[i] : 1.0});
    }
    s = Slice();
  }
  return builder.Build();
}

}  // namespace disrupt::graph
