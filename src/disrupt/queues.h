// Priority structures shared by the dismantling strategies: a bucket queue
// for small integer keys that only decrease (degrees while nodes are
// removed), and an indexed binary max-heap for arbitrary 64-bit keys
// (Collective Influence scores that go up and down).
//
// Both are internal to src/disrupt/; not thread-safe.
#pragma once

#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

#include "graph/csr.h"

namespace disrupt::plan {

using graph::NodeIndex;
using graph::kNoNode;

// Batagelj–Zaversnik bucket order: members sorted by key in one array, so a
// key decrement and taking the member with the largest key are O(1).
// Removal of an arbitrary member is lazy (skipped when it surfaces).
class DecreasingBuckets {
 public:
  // keys[v] for every member; `member[v]` says which nodes take part.
  DecreasingBuckets(const std::vector<uint32_t>& keys, const std::vector<uint8_t>& member)
      : key_(keys), pos_(keys.size(), 0), alive_(member) {
    uint32_t max_key = 0;
    for (size_t v = 0; v < keys.size(); ++v) {
      if (member[v] && keys[v] > max_key) max_key = keys[v];
    }
    start_.assign(static_cast<size_t>(max_key) + 2, 0);
    for (size_t v = 0; v < keys.size(); ++v) {
      if (member[v]) start_[keys[v] + 1]++;
    }
    for (size_t k = 1; k < start_.size(); ++k) start_[k] += start_[k - 1];
    order_.resize(start_.back());
    std::vector<uint64_t> next(start_.begin(), start_.end() - 1);
    for (size_t v = 0; v < keys.size(); ++v) {
      if (!member[v]) continue;
      pos_[v] = next[keys[v]]++;
      order_[pos_[v]] = static_cast<NodeIndex>(v);
    }
    end_ = order_.size();
  }

  uint32_t key(NodeIndex v) const { return key_[v]; }
  bool contains(NodeIndex v) const { return alive_[v] != 0; }

  // Lowers a member's key by one (key must be > 0).
  void Decrement(NodeIndex v) {
    assert(alive_[v] && key_[v] > 0);
    uint32_t k = key_[v];
    uint64_t first = start_[k];
    NodeIndex w = order_[first];
    order_[first] = v;
    order_[pos_[v]] = w;
    pos_[w] = pos_[v];
    pos_[v] = first;
    start_[k]++;
    key_[v] = k - 1;
  }

  void Remove(NodeIndex v) { alive_[v] = 0; }

  // The member with the largest key (ties: the one placed last), removed
  // from the queue; kNoNode when empty.
  NodeIndex PopMax() {
    while (end_ > 0) {
      NodeIndex v = order_[--end_];
      if (!alive_[v]) continue;
      alive_[v] = 0;
      return v;
    }
    return kNoNode;
  }
  // Largest key among members without removing it; 0 when empty.
  uint32_t PeekMaxKey() {
    while (end_ > 0 && !alive_[order_[end_ - 1]]) --end_;
    return end_ == 0 ? 0 : key_[order_[end_ - 1]];
  }

 private:
  std::vector<uint32_t> key_;
  std::vector<uint64_t> pos_;
  std::vector<uint8_t> alive_;
  std::vector<uint64_t> start_;
  std::vector<NodeIndex> order_;
  uint64_t end_ = 0;
};

// Indexed binary max-heap over nodes; ties go to the smaller node index so
// results do not depend on insertion history.
class IndexedMaxHeap {
 public:
  explicit IndexedMaxHeap(NodeIndex n) : where_(n, kAbsent), key_(n, 0) {}

  bool empty() const { return heap_.empty(); }
  bool contains(NodeIndex v) const { return where_[v] != kAbsent; }
  int64_t key(NodeIndex v) const { return key_[v]; }
  NodeIndex top() const { return heap_.front(); }

  // Inserts v or changes its key.
  void Set(NodeIndex v, int64_t key) {
    if (!contains(v)) {
      key_[v] = key;
      where_[v] = static_cast<uint32_t>(heap_.size());
      heap_.push_back(v);
      Up(where_[v]);
      return;
    }
    int64_t old = key_[v];
    key_[v] = key;
    if (key > old) {
      Up(where_[v]);
    } else {
      Down(where_[v]);
    }
  }

  void Erase(NodeIndex v) {
    if (!contains(v)) return;
    uint32_t i = where_[v];
    Swap(i, static_cast<uint32_t>(heap_.size() - 1));
    heap_.pop_back();
    where_[v] = kAbsent;
    if (i < heap_.size()) {
      Up(i);
      Down(i);
    }
  }

 private:
  static constexpr uint32_t kAbsent = UINT32_MAX;
  bool Before(NodeIndex a, NodeIndex b) const { return key_[a] != key_[b] ? key_[a] > key_[b] : a < b; }
  void Swap(uint32_t i, uint32_t j) {
    std::swap(heap_[i], heap_[j]);
    where_[heap_[i]] = i;
    where_[heap_[j]] = j;
  }
  void Up(uint32_t i) {
    while (i > 0) {
      uint32_t p = (i - 1) / 2;
      if (!Before(heap_[i], heap_[p])) break;
      Swap(i, p);
      i = p;
    }
  }
  void Down(uint32_t i) {
    for (;;) {
      uint32_t l = 2 * i + 1, r = l + 1, best = i;
      if (l < heap_.size() && Before(heap_[l], heap_[best])) best = l;
      if (r < heap_.size() && Before(heap_[r], heap_[best])) best = r;
      if (best == i) break;
      Swap(i, best);
      i = best;
    }
  }
  std::vector<NodeIndex> heap_;
  std::vector<uint32_t> where_;
  std::vector<int64_t> key_;
};

}  // namespace disrupt::plan
