// CSR graph building and the label table; see csr.h. The edge-list loader
// is in edge_list.cc.
//
// Build, per direction stored, is a two-pass counting sort. The links are cut
// into one contiguous slice per thread; each thread counts its slice's arcs
// per bucket of about a thousand consecutive nodes, a prefix sum turns the
// counts into per-thread cursors, and the threads partition their arcs by
// bucket in parallel (so the layout, and therefore the result, does not
// depend on timing). Then the threads take buckets one at a time: lay the
// bucket's arcs out node by node in its part of the CSR array, sort every
// list by head, merge repeated arcs (weights summed) and compact the lists
// inside the bucket; the buckets are finally moved together. Every write of
// the second pass lands in a range small enough to stay in cache, which is
// what makes it several times faster than scattering arcs straight to their
// nodes across the whole array.
#include "graph/csr.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "graph/algorithm.h"

namespace disrupt::graph {

namespace {

// The arcs to store in one direction: arc i runs tails[i] -> heads[i] and,
// when `both` (undirected), also heads[i] -> tails[i] unless it is a loop.
struct ArcSource {
  const NodeIndex* tails;
  const NodeIndex* heads;
  const double* weights;  // null when unweighted
  size_t count;
  bool both;
};

// Fills one direction's CSR arrays. Returns the number of nodes whose merged
// list holds a self-loop.
//
// Two passes keep the writes local: first every arc is appended to the bucket
// of its tail (about a thousand consecutive nodes per bucket, so each thread
// writes to a few thousand streams at once), then each bucket is laid out
// node by node inside its own part of the CSR array, which fits in the
// core's cache, and each list sorted and merged right there.
uint64_t FillCsr(const ArcSource& arcs, NodeIndex n, unsigned threads, std::vector<uint64_t>& offsets,
                 std::vector<NodeIndex>& heads, std::vector<double>& weights) {
  const bool weighted = arcs.weights != nullptr;
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(arcs.count / 65536 + 1)));
  auto slice_begin = [&](unsigned t) { return arcs.count * t / threads; };
  unsigned shift = 0;
  while ((n >> shift) >= 1024) ++shift;
  const size_t buckets = (size_t{n} >> shift) + 1;
  // 1. Arcs per bucket per thread, then each thread's cursor in each bucket.
  std::vector<std::vector<uint64_t>> cursor(threads, std::vector<uint64_t>(buckets, 0));
  RunOnThreads(threads, [&](unsigned t) {
    std::vector<uint64_t>& c = cursor[t];
    for (size_t i = slice_begin(t), e = slice_begin(t + 1); i < e; ++i) {
      NodeIndex u = arcs.tails[i], v = arcs.heads[i];
      ++c[u >> shift];
      if (arcs.both && u != v) ++c[v >> shift];
    }
  });
  std::vector<uint64_t> bucket_begin(buckets + 1, 0);
  uint64_t total = 0;
  for (size_t b = 0; b < buckets; ++b) {
    bucket_begin[b] = total;
    for (unsigned t = 0; t < threads; ++t) {
      uint64_t c = cursor[t][b];
      cursor[t][b] = total;
      total += c;
    }
  }
  bucket_begin[buckets] = total;
  // 2. Partition the arcs by bucket: (tail, head[, weight]).
  std::vector<NodeIndex> part_tail(total), part_head(total);
  std::vector<double> part_weight(weighted ? total : 0);
  RunOnThreads(threads, [&](unsigned t) {
    std::vector<uint64_t>& c = cursor[t];
    for (size_t i = slice_begin(t), e = slice_begin(t + 1); i < e; ++i) {
      NodeIndex u = arcs.tails[i], v = arcs.heads[i];
      uint64_t at = c[u >> shift]++;
      part_tail[at] = u;
      part_head[at] = v;
      if (weighted) part_weight[at] = arcs.weights[i];
      if (arcs.both && u != v) {
        at = c[v >> shift]++;
        part_tail[at] = v;
        part_head[at] = u;
        if (weighted) part_weight[at] = arcs.weights[i];
      }
    }
  });
  cursor.clear();
  // 3. Each bucket: count per node, scatter, sort and merge, compact.
  offsets.assign(static_cast<size_t>(n) + 1, 0);
  heads.assign(total, 0);
  weights.assign(weighted ? total : 0, 0.0);
  std::vector<uint32_t> kept(n, 0);
  std::vector<uint64_t> bucket_end(buckets, 0);
  std::atomic<size_t> next_bucket{0};
  std::atomic<uint64_t> loops{0};
  RunOnThreads(threads, [&](unsigned) {
    std::vector<uint64_t> at;
    std::vector<std::pair<NodeIndex, double>> buf;
    uint64_t self = 0;
    for (;;) {
      const size_t b = next_bucket.fetch_add(1, std::memory_order_relaxed);
      if (b >= buckets) break;
      const NodeIndex first_node = static_cast<NodeIndex>(b << shift);
      const NodeIndex last_node = static_cast<NodeIndex>(std::min<uint64_t>(n, (uint64_t{b} + 1) << shift));
      if (first_node >= last_node) {
        bucket_end[b] = bucket_begin[b];
        continue;
      }
      const uint64_t begin = bucket_begin[b], end = bucket_begin[b + 1];
      at.assign(last_node - first_node + 1, 0);
      for (uint64_t i = begin; i < end; ++i) ++at[part_tail[i] - first_node + 1];
      at[0] = begin;
      for (size_t k = 1; k < at.size(); ++k) at[k] += at[k - 1];
      for (NodeIndex v = first_node; v < last_node; ++v) offsets[v] = at[v - first_node];
      for (uint64_t i = begin; i < end; ++i) {
        uint64_t to = at[part_tail[i] - first_node]++;
        heads[to] = part_head[i];
        if (weighted) weights[to] = part_weight[i];
      }
      uint64_t out = begin;
      for (NodeIndex v = first_node; v < last_node; ++v) {
        const uint64_t lb = offsets[v], le = v + 1 < last_node ? offsets[v + 1] : end;
        const uint64_t first = out;
        if (!weighted) {
          std::sort(heads.begin() + static_cast<long>(lb), heads.begin() + static_cast<long>(le));
          for (uint64_t i = lb; i < le; ++i) {
            if (out == first || heads[i] != heads[out - 1]) heads[out++] = heads[i];
          }
        } else {
          buf.clear();
          for (uint64_t i = lb; i < le; ++i) buf.push_back({heads[i], weights[i]});
          std::sort(buf.begin(), buf.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
          for (const auto& [h, w] : buf) {
            if (out > first && heads[out - 1] == h) {
              weights[out - 1] += w;
            } else {
              heads[out] = h;
              weights[out] = w;
              ++out;
            }
          }
        }
        kept[v] = static_cast<uint32_t>(out - first);
        self += std::binary_search(heads.begin() + static_cast<long>(first), heads.begin() + static_cast<long>(out), v);
      }
      bucket_end[b] = out;
    }
    loops.fetch_add(self, std::memory_order_relaxed);
  });
  part_tail = {};
  part_head = {};
  part_weight = {};
  // 4. Close the gaps left by merged arcs and rewrite the offsets.
  uint64_t write = 0;
  for (size_t b = 0; b < buckets; ++b) {
    const uint64_t from = bucket_begin[b], len = bucket_end[b] - from;
    if (write != from && len > 0) {
      std::memmove(heads.data() + write, heads.data() + from, len * sizeof(NodeIndex));
      if (weighted) std::memmove(weights.data() + write, weights.data() + from, len * sizeof(double));
    }
    write += len;
  }
  uint64_t pos = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    offsets[v] = pos;
    pos += kept[v];
  }
  offsets[n] = pos;
  heads.resize(pos);
  if (weighted) weights.resize(pos);
  // Give memory back only when merging freed a noticeable share.
  if (heads.capacity() - pos > pos / 8) {
    heads.shrink_to_fit();
    weights.shrink_to_fit();
  }
  return loops.load();
}

}  // namespace

uint64_t HashLabel(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = MixHash(h ^ w);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return MixHash(h ^ tail ^ 0x2545F4914F6CDD1DULL);
}

NodeIndex LabelTable::Find(std::string_view label, const std::vector<std::string>& labels) const {
  if (numeric_) {
    if (label.empty() || label.size() > 10 || (label[0] == '0' && label.size() > 1)) return kNoNode;
    uint64_t x = 0;
    for (char c : label) {
      unsigned d = static_cast<unsigned char>(c) - unsigned{'0'};
      if (d > 9) return kNoNode;
      x = x * 10 + d;
    }
    return x < by_number_.size() ? by_number_[x] : kNoNode;
  }
  if (slots_.empty()) return kNoNode;
  size_t mask = slots_.size() - 1;
  for (size_t i = HashLabel(label) & mask;; i = (i + 1) & mask) {
    NodeIndex s = slots_[i];
    if (s == kNoNode) return kNoNode;
    if (labels[s] == label) return s;
  }
}

void LabelTable::Insert(NodeIndex id, const std::vector<std::string>& labels) {
  if (numeric_) {
    // Back to hashing: the labels known so far are labels[0..id).
    Clear();
    for (NodeIndex k = 0; k < id; ++k) Insert(k, labels);
  }
  if ((size_ + 1) * 2 > slots_.size()) Grow(labels);
  size_t mask = slots_.size() - 1;
  size_t i = HashLabel(labels[id]) & mask;
  while (slots_[i] != kNoNode) i = (i + 1) & mask;
  slots_[i] = id;
  ++size_;
}

void LabelTable::AssignNumbers(std::vector<NodeIndex> by_number) {
  Clear();
  for (NodeIndex v : by_number) size_ += v != kNoNode;
  by_number_ = std::move(by_number);
  numeric_ = true;
}

void LabelTable::Assign(const std::vector<std::string>& labels, unsigned threads) {
  Clear();
  size_t capacity = 64;
  while (capacity < labels.size() * 2) capacity *= 2;
  slots_.assign(capacity, kNoNode);
  size_ = labels.size();
  const size_t mask = capacity - 1;
  const size_t n = labels.size();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n / 65536 + 1)));
  RunOnThreads(threads, [&](unsigned t) {
    for (size_t id = n * t / threads, e = n * (t + 1) / threads; id < e; ++id) {
      for (size_t i = HashLabel(labels[id]) & mask;; i = (i + 1) & mask) {
        NodeIndex empty = kNoNode;
        if (std::atomic_ref<NodeIndex>(slots_[i]).compare_exchange_strong(empty, static_cast<NodeIndex>(id),
                                                                           std::memory_order_relaxed)) {
          break;
        }
      }
    }
  });
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
  tails_.push_back(u);
  heads_.push_back(v);
  if (options_.weighted) weights_.push_back(weight);
}

void GraphBuilder::Reserve(size_t links) {
  tails_.reserve(tails_.size() + links);
  heads_.reserve(heads_.size() + links);
  if (options_.weighted) weights_.reserve(weights_.size() + links);
}

Graph GraphBuilder::Build(unsigned threads) {
  threads = ResolveThreads(threads);
  Graph g;
  g.directed_ = options_.directed;
  const NodeIndex n = num_nodes();
  const double* w = options_.weighted ? weights_.data() : nullptr;
  const size_t m = tails_.size();
  if (options_.directed) {
    FillCsr(ArcSource{tails_.data(), heads_.data(), w, m, false}, n, threads, g.out_offsets_, g.out_targets_,
            g.out_weights_);
    FillCsr(ArcSource{heads_.data(), tails_.data(), w, m, false}, n, threads, g.in_offsets_, g.in_sources_,
            g.in_weights_);
    g.num_links_ = g.out_targets_.size();
  } else {
    uint64_t self = FillCsr(ArcSource{tails_.data(), heads_.data(), w, m, true}, n, threads, g.out_offsets_,
                            g.out_targets_, g.out_weights_);
    g.num_links_ = (g.out_targets_.size() - self) / 2 + self;
  }
  g.labels_ = std::move(labels_);
  g.index_ = std::move(index_);
  labels_.clear();
  index_.Clear();
  tails_ = {};
  heads_ = {};
  weights_ = {};
  return g;
}

}  // namespace disrupt::graph
